import type { EventEnvelope } from '@plein/shared/kernel';
import type { Admin, Kafka } from 'kafkajs';
import { eventTypesProcessor } from './event-types-processor';
import type { EventProcessor } from './event-processor';
import type { ContractRegistryLike } from './processor-types';
import { cleanupKafka, createTopics, publish, testEnvelope, testKafka, uniqueName, waitFor } from './testing/int-kit';

const registry: ContractRegistryLike = { validate: () => undefined, upcast: (envelope) => envelope };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('eventTypesProcessor (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let processor: EventProcessor | undefined;
  const topic = uniqueName('test.note.events.v1');

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic]);
  });
  afterAll(async () => {
    await processor?.stop();
    await cleanupKafka(admin, [topic, ...(processor ? [processor.deadLetterTopic] : [])], processor ? [processor.group] : []);
    await admin.disconnect();
  });

  it('hands the events of its types, already on the topic before it started, to the one handler and skips the others', async () => {
    const events = [
      testEnvelope({ type: 'test.note.written', aggregateId: 'n-1', sequence: 1, data: { text: 'a' } }),
      testEnvelope({ type: 'test.note.tagged', aggregateId: 'n-1', sequence: 2, data: { text: 'b' } }),
      testEnvelope({ type: 'test.note.edited', aggregateId: 'n-1', sequence: 3, data: { text: 'c' } }),
      testEnvelope({ type: 'test.note.written', aggregateId: 'n-2', sequence: 1, data: { text: 'd' } }),
    ];
    await publish(kafka, topic, events);
    const seen: EventEnvelope[] = [];
    const name = uniqueName('notes');
    processor = eventTypesProcessor({ kafka, service: 'test', registry, logger: quiet }, { processor: name, topics: [topic], types: ['test.note.written', 'test.note.edited'], handle: async (e) => seen.push(e) });
    expect(processor.group).toBe(`test.${name}`);
    await processor.start();
    await waitFor(() => seen.length === 3, 20_000, 'three handled events');
    // A fresh topic's metadata can still be settling on the broker: a refused lag read is asked again.
    await waitFor(async () => (await processor!.lag().catch(() => undefined))?.total === 0, 20_000, 'caught up (the skipped type committed too)');
    expect(seen.map((e) => `${e.aggregateId}:${e.type}`)).toEqual(['n-1:test.note.written', 'n-1:test.note.edited', 'n-2:test.note.written']);
  });
});
