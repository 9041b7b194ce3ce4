import type { Admin, Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { MongoEventStore, OutboxRelay } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import { UNCHECKED_CONTRACTS, type EventProcessor } from '@plein/shared/messaging';
import { applyInSequence, defineProjection, projectionCollectionName, projectionProcessor, type GuardResult } from '@plein/shared/projections';
import { cleanupKafka, dropConnection, increment, pool, range, testConnection, testKafka, uniqueName, waitFor } from './support/backbone-kit';

/**
 * Issue test 2: the relay dies between publishing and marking (the `afterPublishBeforeMark` fault
 * hook kills it there). After a new relay takes over, every event reaches the consumer and the
 * projection applies each exactly once: the republished copies are recognised as duplicates.
 */
interface CounterDoc {
  _id: string;
  total: number;
  lastSequence: number;
  applied: string[];
}

describe('outbox relay crash between publish and mark (real Kafka and MongoDB-compatible server)', () => {
  const service = uniqueName('bbcrash');
  const topic = uniqueName('bbcrash.counter.events.');
  let connection: Connection;
  let kafka: Kafka;
  let admin: Admin;
  let store: MongoEventStore;
  let processor: EventProcessor | undefined;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    connection = await testConnection();
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    store = new MongoEventStore({ connection, service });
    await store.init();
  });
  afterAll(async () => {
    await Promise.allSettled(relays.map((r) => r.stop()));
    await processor?.stop();
    if (!admin) return;
    await cleanupKafka(admin, [topic, ...(processor ? [processor.deadLetterTopic] : [])], processor ? [processor.group] : []);
    await admin.disconnect();
    await dropConnection(connection);
  });

  it('delivers every event after a restart and the projection applies each exactly once', async () => {
    const outcomes: Record<GuardResult, number> = { applied: 0, duplicate: 0 };
    const projection = defineProjection({
      name: 'counter-totals',
      version: 1,
      topics: [topic],
      aggregateTypes: ['counter'],
      async apply(event, ctx) {
        const { data } = event as EventEnvelope<{ by: number }>;
        outcomes[await applyInSequence(ctx.collection as mongo.Collection<CounterDoc>, event.aggregateId, event.sequence, { $inc: { total: data.by }, $push: { applied: event.id } })]++;
      },
    });
    processor = projectionProcessor(projection, { kafka, service, db: connection.db!, contracts: UNCHECKED_CONTRACTS, processorOptions: { retry: { attempts: 10, initialBackoffMs: 50, maxBackoffMs: 500 } } });
    await processor.start();

    // The first relay publishes a few small cycles, then is killed after its third publication.
    let cycles = 0;
    let killed: { streamIds: readonly string[]; events: number } | null = null;
    const doomed: OutboxRelay = new OutboxRelay({
      store, kafka, topicFor: () => topic, owner: 'doomed', leaseMs: 3_000, pollIntervalMs: 100, batchStreams: 4, onError: () => undefined,
      faults: {
        afterPublishBeforeMark: (published) => {
          if (published.events === 0 || ++cycles < 3) return;
          killed = published;
          void doomed.stop(); // the process dies: no mark, no lease release
          throw new Error('relay killed between publish and mark');
        },
      },
    });
    relays.push(doomed);
    await doomed.start();

    const counters = range(12).map((i) => `c${i}`);
    const by = (counter: number, n: number) => ((counter + n) % 5) + 1;
    // Four counters at a time; each counter's commands in order.
    const appendInOrder = async (from: number, to: number) =>
      pool(counters.map((id, c) => async () => {
        for (let n = from; n < to; n++) await increment(store, id, by(c, n), `${id}-${n}`);
      }), 4);

    await appendInOrder(0, 4);
    await waitFor(() => killed !== null, 30_000, 'the relay to be killed after publishing');
    const crash = killed as unknown as { streamIds: readonly string[]; events: number };
    const stranded = await store.collection.find({ _id: { $in: [...crash.streamIds] } }).toArray();
    for (const doc of stranded) expect(doc).toMatchObject({ pending: true, lease: { owner: 'doomed' } }); // published, never marked

    await appendInOrder(4, 8); // while no relay runs
    const survivor = new OutboxRelay({ store, kafka, topicFor: () => topic, owner: 'survivor', pollIntervalMs: 100, onError: () => undefined });
    relays.push(survivor);
    await survivor.start();

    const readModel = connection.db!.collection<CounterDoc>(projectionCollectionName(service, projection, 1));
    await waitFor(async () => (await survivor.metrics()).pendingStreams === 0, 60_000, 'the survivor to publish everything');
    await waitFor(async () => (await readModel.countDocuments({ lastSequence: 8 })) === counters.length, 60_000, 'every counter at version 8');
    await waitFor(async () => (await processor!.lag()).total === 0, 30_000, 'the consumer to read every copy');

    const streams = await store.collection.find({}).toArray();
    const docs = new Map((await readModel.find({}).toArray()).map((d) => [d._id, d]));
    expect(streams).toHaveLength(counters.length);
    for (const stream of streams) {
      const doc = docs.get(stream.aggregateId)!;
      expect(doc.lastSequence).toBe(stream.version);
      expect(doc.total).toBe(stream.events.reduce((sum, e) => sum + (e.data as { by: number }).by, 0));
      expect(doc.applied).toEqual(stream.events.map((e) => e.id)); // each event once, in order
      expect(stream).toMatchObject({ pending: false, outbox: { publishedVersion: 8 }, lease: null });
    }
    const events = counters.length * 8;
    expect(outcomes.applied).toBe(events);
    // The killed cycle's events were published again by the survivor and recognised as duplicates.
    expect(crash.events).toBeGreaterThan(0);
    expect(outcomes.duplicate).toBe(crash.events);
    expect(processor.stats()).toMatchObject({ processed: events + crash.events, deadLettered: 0 });
  });
});
