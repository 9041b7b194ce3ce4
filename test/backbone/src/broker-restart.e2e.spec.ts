import { execFile, execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { handleCommand, MongoEventStore, OutboxRelay, type OutboxRelayOptions } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import { UNCHECKED_CONTRACTS, type EventProcessor } from '@plein/shared/messaging';
import { applyBatchInSequence, applyInSequence, defineProjection, projectionCollectionName, projectionProcessor } from '@plein/shared/projections';
import { cleanupKafka, dropConnection, pool, range, testConnection, testKafka, uniqueName, waitFor } from './support/backbone-kit';

/**
 * Issue test 7: 10,000 events over 250 streams flow append → relay → Kafka → projection while the
 * relay's producer is restarted (a new OutboxRelay instance) and the Kafka broker process is
 * stopped and started (tools/infra/infra.sh). Afterwards: 0 events lost, 0 applied twice.
 * The read model records every applied event id, so "applied twice" is observable in the data.
 */
const ROOT = resolve(__dirname, '../../..');
const INFRA = join(ROOT, 'tools/infra/infra.sh');
const STREAMS = 250;
const APPENDS_PER_STREAM = 2;
const EVENTS_PER_APPEND = 20;
const EVENTS = STREAMS * APPENDS_PER_STREAM * EVENTS_PER_APPEND;

const infra = (command: 'stop' | 'start' | 'running', server: 'kafka') => promisify(execFile)('bash', [INFRA, command, server], { cwd: ROOT, timeout: 300_000 });
const kafkaIsExternal = execFileSync('bash', [INFRA, 'status'], { encoding: 'utf8' }).split('\n').some((line) => /^kafka\s+external\b/.test(line.trim()));
const itLocalKafka = kafkaIsExternal ? it.skip : it;

interface CounterDoc {
  _id: string;
  total: number;
  lastSequence: number;
  applied: string[];
}
type Counted = EventEnvelope<{ by: number }>;

/** A counter whose command adds several increments at once: one append of several events. */
const batchCounter = {
  initialState: () => 0,
  decide: (command: { bys: readonly number[] }) => command.bys.map((by) => ({ type: 'test.counter.incremented' as const, version: 1, data: { by } })),
  evolve: (total: number, event: { data: { by: number } }) => total + event.data.by,
};
const started = Date.now();
const mark = (what: string) => process.stderr.write(`[broker-restart +${((Date.now() - started) / 1000).toFixed(1)}s] ${what}\n`);

describe('a producer restart and a Kafka broker restart mid-stream (real servers)', () => {
  const service = uniqueName('bbrestart');
  const topic = uniqueName('bbrestart.counter.events.');
  let connection: Connection;
  let kafka: Kafka;
  let admin: Admin;
  let processor: EventProcessor | undefined;
  const relays: OutboxRelay[] = [];
  let kafkaStopped = false;

  beforeAll(async () => {
    connection = await testConnection();
    kafka = testKafka(10);
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  });
  afterAll(async () => {
    if (kafkaStopped) await infra('start', 'kafka'); // never leave the shared broker down
    await Promise.allSettled(relays.map((r) => r.stop()));
    await processor?.stop();
    if (!admin) return;
    await cleanupKafka(admin, [topic, ...(processor ? [processor.deadLetterTopic] : [])], processor ? [processor.group] : []);
    await admin.disconnect().catch(() => undefined);
    await dropConnection(connection);
  }, 300_000);

  itLocalKafka(`loses none and applies none twice out of ${EVENTS} events`, async () => {
    const store = new MongoEventStore({ connection, service });
    await store.init();
    const fold = (run: readonly Counted[]) => ({ $inc: { total: run.reduce((sum, e) => sum + e.data.by, 0) }, $push: { applied: { $each: run.map((e) => e.id) } } });
    const projection = defineProjection({
      name: 'counter-totals',
      version: 1,
      topics: [topic],
      aggregateTypes: ['counter'],
      async apply(event, ctx) {
        await applyInSequence(ctx.collection as mongo.Collection<CounterDoc>, event.aggregateId, event.sequence, fold([event as Counted]));
      },
      async applyBatch(events, ctx) {
        await applyBatchInSequence(ctx.collection as mongo.Collection<CounterDoc>, events as readonly Counted[], (e) => e.aggregateId, fold);
      },
    });
    processor = projectionProcessor(projection, {
      kafka, service, db: connection.db!, contracts: UNCHECKED_CONTRACTS,
      // Gaps while the broker is away are retried, never dead-lettered.
      processorOptions: { retry: { attempts: 30, initialBackoffMs: 200, maxBackoffMs: 3_000 }, partitionsConsumedConcurrently: 2 },
    });
    await processor.start();
    const errors: string[] = [];
    const relay = (owner: string) => {
      const options: OutboxRelayOptions = { store, kafka, topicFor: () => topic, owner, pollIntervalMs: 200, onError: (e) => void errors.push(String(e)) };
      const r = new OutboxRelay(options);
      relays.push(r);
      return r;
    };
    let current = relay('relay-1');
    await current.start();

    // 250 streams × 2 appends × 20 events, 4 appenders; round 1 creates every stream, round 2 extends it.
    let appended = 0;
    let serverErrors = 0; // a loaded FerretDB can answer a transient error (SQLITE_BUSY on its SQLite backend)
    const by = (stream: number, round: number, k: number) => ((stream + round + k) % 7) + 1;
    const appends = range(APPENDS_PER_STREAM).flatMap((round) =>
      range(STREAMS).map((s) => async () => {
        // Through handleCommand, which retries the conflicts a busy server causes (stream lock waits).
        // Like a client retrying a 503 with the same Idempotency-Key, a server error is retried with
        // the same causationId: the command is appended once either way.
        for (let attempt = 1; ; attempt++) {
          try {
            await handleCommand({
              store, streamId: `counter-s${s}`, ...batchCounter, command: { bys: range(EVENTS_PER_APPEND).map((k) => by(s, round, k)) },
              metadata: { correlationId: `c-${s}`, causationId: `s${s}-r${round}`, actorId: 'system:backbone-test' }, maxRetries: 50,
            });
            break;
          } catch (error) {
            if (attempt >= 10 || !(error instanceof Error && error.name === 'MongoServerError')) throw error;
            serverErrors++;
            await new Promise((r) => setTimeout(r, 100 * attempt));
          }
        }
        appended += EVENTS_PER_APPEND;
      }),
    );
    const appending = pool(appends, 4);

    // Mid-stream disruptions, in order: a producer restart, then a broker restart.
    await waitFor(() => appended >= EVENTS * 0.3, 180_000, '30% appended', 200);
    mark(`${appended} appended: restarting the relay's producer`);
    await current.stop();
    current = relay('relay-2');
    await current.start();
    await waitFor(() => appended >= EVENTS * 0.5, 180_000, '50% appended', 200);
    mark(`${appended} appended: stopping the Kafka broker`);
    kafkaStopped = true;
    await infra('stop', 'kafka');
    await new Promise((r) => setTimeout(r, 5_000)); // appends go on; the relay and the consumer see the broker gone
    await infra('start', 'kafka');
    kafkaStopped = false;
    mark(`${appended} appended: the broker is back`);

    await appending;
    mark('all appended');
    const readModel = connection.db!.collection<CounterDoc>(projectionCollectionName(service, projection, 1));
    const complete = APPENDS_PER_STREAM * EVENTS_PER_APPEND;
    await waitFor(async () => (await readModel.countDocuments({ lastSequence: complete })) === STREAMS, 240_000, 'every stream fully applied', 1_000);
    await waitFor(async () => (await current.metrics()).pendingStreams === 0, 60_000, 'nothing left to publish', 500);
    await waitFor(async () => (await processor!.lag()).total === 0, 60_000, 'the consumer to read every copy', 500);
    mark(`all applied; relay errors meanwhile: ${errors.length}; append server errors retried: ${serverErrors}; processor ${JSON.stringify(processor.stats())}`);

    const stored = new Map<string, Counted[]>();
    for await (const event of store.readAll()) stored.set(event.aggregateId, [...(stored.get(event.aggregateId) ?? []), event as Counted]);
    const docs = await readModel.find({}).toArray();
    const appliedIds = docs.flatMap((d) => d.applied);
    const storedIds = [...stored.values()].flat().map((e) => e.id);
    expect(storedIds).toHaveLength(EVENTS);
    expect(new Set(appliedIds).size).toBe(EVENTS); // 0 lost
    expect(appliedIds).toHaveLength(EVENTS); // 0 applied twice
    expect(new Set(appliedIds)).toEqual(new Set(storedIds));
    for (const doc of docs) {
      const events = stored.get(doc._id)!;
      expect([doc._id, doc.lastSequence, doc.total, doc.applied]).toEqual([doc._id, complete, events.reduce((sum, e) => sum + e.data.by, 0), events.map((e) => e.id)]);
    }
    expect(processor.stats().deadLettered).toBe(0);
  }, 600_000);
});
