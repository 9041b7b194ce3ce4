import { Kafka, logLevel, type Admin } from 'kafkajs';
import { EventProcessor } from './event-processor';
import { encodeEnvelope } from './kafka-codec';
import { UNCHECKED_CONTRACTS, type MessagingLogger } from './processor-types';
import { cleanupKafka, createTopics, publish, testEnvelope, testKafka, uniqueName, waitFor } from './testing/int-kit';
import { SocketOutage } from '@plein/shared/testing';

/**
 * Stopping while the broker is unreachable, without touching the shared broker: the processors
 * here connect through a socket factory that can refuse every connection (as a stopped broker
 * does) and cut the open ones (as a broker restart does). The Kafka clients keep kafkajs'
 * default retry settings, like the services' clients.
 */
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const STOP_BOUND_MS = 3_000;
const STOP_TIMEOUT_MS = 3_000;

const quiet: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(work: Promise<unknown>): Promise<number> {
  const started = Date.now();
  await work;
  return Date.now() - started;
}

describe('EventProcessor stop with the broker unreachable (real Kafka)', () => {
  let admin: Admin;
  const topics: string[] = [];
  const groups: string[] = [];

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
  });
  afterAll(async () => {
    await cleanupKafka(admin, topics, groups);
    await admin.disconnect();
  });

  it('stops at once while the first connect is still retrying, and leaves nothing running', async () => {
    const outage = await SocketOutage.create({ keepAliveMs: 60_000 });
    outage.down = true;
    const kafka = new Kafka({ clientId: uniqueName('stop-int'), brokers: BROKERS, socketFactory: outage.socketFactory, logLevel: logLevel.NOTHING });
    const processor = new EventProcessor({ kafka, service: 'test', processor: uniqueName('unreachable'), topics: ['test.never.events.v1'], handlers: {}, registry: UNCHECKED_CONTRACTS, logger: quiet });
    const starting = processor.start();
    await waitFor(() => outage.attempts >= 2, 10_000, 'connection attempts');

    expect(await timed(processor.stop())).toBeLessThan(STOP_BOUND_MS);
    expect(processor.running).toBe(false);
    // The connect in hand cannot be cancelled in kafkajs; it gives up after its retries and start()
    // then resolves (stopped) instead of throwing, undoing what it connected.
    await expect(starting).resolves.toBeUndefined();
    const attempts = outage.attempts;
    await sleep(3_000);
    expect(outage.attempts).toBe(attempts);
    expect(outage.open).toBe(0);
  }, 90_000);

  /** A running processor behind a SocketOutage, with one message handled. */
  async function runningBehind(outage: SocketOutage) {
    const kafka = new Kafka({ clientId: uniqueName('stop-int'), brokers: BROKERS, socketFactory: outage.socketFactory, logLevel: logLevel.NOTHING });
    const topic = uniqueName('test.stop.events.v1');
    await createTopics(admin, [topic]);
    topics.push(topic);
    const handled: number[] = [];
    const processor = new EventProcessor({
      kafka, service: 'test', processor: uniqueName('rejoining'), topics: [topic], registry: UNCHECKED_CONTRACTS, fromBeginning: true, deadLetters: 'drop',
      handlers: { 'test.note.written': async (e) => void handled.push(e.sequence) },
      consumer: { sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 },
      stopTimeoutMs: STOP_TIMEOUT_MS,
      logger: quiet,
    });
    groups.push(processor.group);
    const joins: number[] = [];
    (processor as unknown as { consumer: { on(e: string, l: () => void): void } }).consumer.on('consumer.group_join', () => void joins.push(Date.now()));
    await publish(testKafka(), topic, [testEnvelope({ aggregateId: 'n-1', sequence: 1, data: { text: 'a' } })]);
    await processor.start();
    await waitFor(() => handled.length === 1, 30_000, 'the first message');
    return { processor, joins };
  }

  /** The broker is back: a consumer left behind (kafkajs' restart timer, a join in flight) would join now. */
  async function expectNothingLeft(outage: SocketOutage, processor: EventProcessor, joins: number[]): Promise<void> {
    outage.down = false;
    // A stop past its bound finishes disconnecting in the background: it must end by itself.
    await waitFor(() => (processor as unknown as { closing: unknown }).closing === null, 60_000, 'the background disconnect');
    const joinsAfterStop = joins.length;
    await sleep(15_000);
    expect(joins.length).toBe(joinsAfterStop);
    expect(outage.open).toBe(0);
    const attempts = outage.attempts;
    await sleep(2_000);
    expect(outage.attempts).toBe(attempts);
    const [group] = (await admin.describeGroups([processor.group])).groups;
    expect(group?.members ?? []).toEqual([]);
  }

  it('stops within the bound while the consumer retries against a broker that went away, and does not come back with the broker', async () => {
    const outage = await SocketOutage.create({ keepAliveMs: 60_000 });
    const { processor, joins } = await runningBehind(outage);
    outage.cut(); // connections cut, new ones refused: the consumer is in its fetch/reconnect retries
    await sleep(3_000);
    const stopMs = await timed(processor.stop());
    console.info(`stop while retrying took ${stopMs} ms`);
    expect(stopMs).toBeLessThan(STOP_TIMEOUT_MS + 1_000);
    expect(processor.running).toBe(false);
    await expectNothingLeft(outage, processor, joins);
  }, 120_000);

  it('with seek and no DLQ: reads from the position, reports caught up, drops a malformed message', async () => {
    const kafka = testKafka();
    const topic = uniqueName('test.seek.events.v1');
    await createTopics(admin, [topic], 2);
    topics.push(topic);
    const old = Date.now() - 600_000;
    const producer = kafka.producer();
    await producer.connect();
    const at = (sequence: number, timestamp: number) => ({ ...encodeEnvelope(testEnvelope({ aggregateId: 'n-1', sequence, data: {} })), timestamp: String(timestamp) });
    await producer.send({ topic, acks: -1, messages: [at(1, old), at(2, Date.now() - 60_000), { key: 'n-1', value: '{"broken', timestamp: String(Date.now() - 50_000) }, at(3, Date.now() - 40_000)] });
    await producer.disconnect();

    const handled: number[] = [];
    const errors: string[] = [];
    const processor = new EventProcessor({
      kafka, service: 'test', processor: uniqueName('seeking'), topics: [topic], registry: UNCHECKED_CONTRACTS, deadLetters: 'drop',
      seek: { timestamp: Date.now() - 120_000 },
      handlers: { 'test.note.written': async (e) => void handled.push(e.sequence) },
      consumer: { sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 },
      logger: { ...quiet, error: (msg) => void errors.push(msg) },
    });
    groups.push(processor.group);
    expect(processor.caughtUp).toBe(false);
    const started = Date.now();
    await processor.start();
    await waitFor(() => processor.caughtUp, 20_000, 'caught up');
    const tookMs = Date.now() - started;
    try {
      expect(handled).toEqual([2, 3]);
      expect(errors).toEqual(['message dropped (no dead-letter topic)']);
      expect(processor.stats()).toMatchObject({ processed: 2, deadLettered: 1 });
      expect(processor.seekedPartitions.map((p) => p.partition).sort()).toEqual([0, 1]);
      expect((await admin.listTopics()).includes(`${processor.group}.dlq`)).toBe(false);
      expect(tookMs).toBeLessThan(5_000);
    } finally {
      await processor.stop();
    }
  }, 60_000);
});
