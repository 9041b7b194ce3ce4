import type { EventEnvelope } from '@plein/shared/kernel';
import type { Admin, Kafka } from 'kafkajs';
import { EventProcessor } from './event-processor';
import type { ContractRegistryLike, EventHandler } from './processor-types';
import { cleanupKafka, createTopics, header, publish, readTopic, testEnvelope, testKafka, uniqueName, waitFor } from './testing/int-kit';

/** A registry that knows one contract: `data.text` must be a string. */
const registry: ContractRegistryLike = {
  validate(envelope) {
    const data = envelope.data as { text?: unknown };
    if (typeof data?.text !== 'string') throw Object.assign(new Error('/data/text must be string'), { code: 'CONTRACTS.SCHEMA_VIOLATION' });
  },
  upcast: (envelope) => envelope,
};

describe('EventProcessor (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  const groups: string[] = [];
  const processors: EventProcessor[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(processors.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await cleanupKafka(admin, topics, groups);
    await admin.disconnect();
  });

  async function setup(handler: EventHandler, retry = { attempts: 3, initialBackoffMs: 50, maxBackoffMs: 100 }) {
    const topic = uniqueName('test.note.events.v1');
    const processorName = uniqueName('notes');
    await createTopics(admin, [topic]);
    const processor = new EventProcessor({
      kafka, service: 'test', processor: processorName, topics: [topic], handlers: { 'test.note.written': handler }, registry, retry, fromBeginning: true,
      consumer: { sessionTimeout: 10_000, heartbeatInterval: 1_000 }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    topics.push(topic, processor.deadLetterTopic);
    groups.push(processor.group);
    processors.push(processor);
    return { topic, processor };
  }

  it('dead-letters malformed, invalid and poison messages with the reason, and goes on with the partition', async () => {
    const handled: string[] = [];
    const { topic, processor } = await setup(async (envelope) => {
      const text = (envelope.data as { text: string }).text;
      if (text === 'poison') throw Object.assign(new Error('cannot handle poison'), { code: 'TEST.POISON' });
      handled.push(text);
    });
    expect(processor.group).toMatch(/^test\.notes-/);
    expect(processor.deadLetterTopic).toBe(`${processor.group}.dlq`);
    const before = testEnvelope({ aggregateId: 'n-1', sequence: 1, data: { text: 'first' } });
    const poison = testEnvelope({ aggregateId: 'n-1', sequence: 2, data: { text: 'poison' } });
    const invalid = testEnvelope({ aggregateId: 'n-1', sequence: 3, data: { text: 42 } });
    const after = testEnvelope({ aggregateId: 'n-1', sequence: 4, data: { text: 'last' } });
    await publish(kafka, topic, [before, { key: 'n-1', value: '{"broken json', headers: { ce_type: 'test.note.written' } }, poison, invalid, after]);

    await processor.start();
    await waitFor(() => handled.includes('last'), 30_000, 'the message after the bad ones');
    expect(handled).toEqual(['first', 'last']);

    const dead = await readTopic(kafka, processor.deadLetterTopic, 3);
    const byStage = Object.fromEntries(dead.map((m) => [header(m, 'x-error-stage'), m]));
    expect(Object.keys(byStage).sort()).toEqual(['decode', 'handle', 'validate']);
    expect(byStage['decode']!.value!.toString()).toBe('{"broken json');
    expect(header(byStage['decode']!, 'x-error-code')).toBe('MESSAGING.MALFORMED_MESSAGE');
    expect(header(byStage['decode']!, 'x-original-offset')).toBe('1');
    expect(header(byStage['decode']!, 'ce_type')).toBe('test.note.written');
    expect(header(byStage['handle']!, 'x-error-code')).toBe('TEST.POISON');
    expect(header(byStage['handle']!, 'x-error-message')).toBe('cannot handle poison');
    expect(header(byStage['handle']!, 'x-attempts')).toBe('3');
    expect(header(byStage['handle']!, 'x-original-topic')).toBe(topic);
    expect(header(byStage['handle']!, 'x-original-partition')).toBe('0');
    expect(header(byStage['handle']!, 'ce_id')).toBe(poison.id);
    expect(JSON.parse(byStage['handle']!.value!.toString()).id).toBe(poison.id);
    expect(header(byStage['validate']!, 'x-error-code')).toBe('CONTRACTS.SCHEMA_VIOLATION');
    expect(Date.parse(header(byStage['validate']!, 'x-failed-at')!)).not.toBeNaN();
    expect(processor.stats()).toEqual({ processed: 2, skipped: 0, deadLettered: 3, retries: 2 });
    // Everything, the dead letters included, is committed: nothing blocks the partition.
    await waitFor(async () => (await processor.lag()).total === 0, 15_000, 'lag 0');
  });

  it('skips event types it has no handler for', async () => {
    const handled: EventEnvelope[] = [];
    const { topic, processor } = await setup(async (envelope) => void handled.push(envelope));
    await publish(kafka, topic, [
      testEnvelope({ aggregateId: 'n-1', sequence: 1, type: 'test.note.archived', data: { nope: true } }),
      testEnvelope({ aggregateId: 'n-1', sequence: 2, data: { text: 'x' } }),
    ]);
    await processor.start();
    await waitFor(() => handled.length === 1, 20_000, 'the handled event');
    expect(processor.stats()).toMatchObject({ processed: 1, skipped: 1, deadLettered: 0 });
  });

  it('reports lag as committed offset vs high watermark', async () => {
    let handled = 0;
    const { topic, processor } = await setup(async () => void handled++);
    const events = (from: number, n: number) => Array.from({ length: n }, (_, i) => testEnvelope({ aggregateId: 'n-1', sequence: from + i, data: { text: `t${from + i}` } }));
    await publish(kafka, topic, events(1, 4));
    await processor.start();
    await waitFor(() => handled === 4, 20_000, '4 handled');
    await waitFor(async () => (await processor.lag()).total === 0, 15_000, 'lag 0 after commit');
    await processor.stop();

    await publish(kafka, topic, events(5, 3));
    const lag = await processor.lag();
    expect(lag.groupId).toBe(processor.group);
    expect(lag.total).toBe(3);
    expect(lag.partitions).toEqual([{ topic, partition: 0, committed: '4', low: '0', high: '7', lag: 3 }]);
  });
});
