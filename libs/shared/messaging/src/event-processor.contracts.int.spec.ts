import { ContractRegistry } from '@plein/shared/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import type { Admin, Kafka } from 'kafkajs';
import { widgetContracts, widgetUpcasters } from '../../contracts/src/testing/widget.contracts';
import { EventProcessor } from './event-processor';
import type { ContractRegistryLike } from './processor-types';
import { cleanupKafka, createTopics, header, publish, readTopic, testEnvelope, testKafka, uniqueName, waitFor } from './testing/int-kit';

describe('EventProcessor with the real ContractRegistry (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let processor: EventProcessor | undefined;
  const topic = uniqueName('test.widget.events.v1');

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

  it('hands handlers the latest version, reads tolerantly and dead-letters contract violations', async () => {
    // Compile-time check that the registry fits the port messaging depends on.
    const registry: ContractRegistryLike = new ContractRegistry(widgetContracts, widgetUpcasters);
    const widget = uuidv7();
    const renamed = (sequence: number, version: number, data: unknown) =>
      testEnvelope({ aggregateType: 'widget', aggregateId: widget, sequence, type: 'test.widget.renamed', version, data }) as EventEnvelope;
    const v1 = renamed(1, 1, { name: 'Gear' });
    const v2WithNewField = renamed(2, 2, { name: 'Cog', locale: 'de', addedLater: true });
    const invalid = renamed(3, 3, { title: { text: '' } });
    const handled: EventEnvelope[] = [];
    processor = new EventProcessor({
      kafka, service: 'test', processor: uniqueName('widgets'), topics: [topic], registry, fromBeginning: true,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      handlers: { 'test.widget.renamed': async (e) => void handled.push(e) },
    });
    await publish(kafka, topic, [v1, v2WithNewField, invalid]);
    await processor.start();
    await waitFor(() => processor!.stats().processed + processor!.stats().deadLettered === 3, 20_000, 'all three finished');

    expect(handled.map((e) => [e.id, e.version, e.data])).toEqual([
      [v1.id, 3, { title: { text: 'Gear', locale: 'en' } }],
      [v2WithNewField.id, 3, { title: { text: 'Cog', locale: 'de' } }],
    ]);
    const [dead] = await readTopic(kafka, processor.deadLetterTopic, 1);
    expect(header(dead!, 'ce_id')).toBe(invalid.id);
    expect(header(dead!, 'x-error-stage')).toBe('validate');
    expect(header(dead!, 'x-error-code')).toBe('CONTRACTS.SCHEMA_VIOLATION');
    expect(header(dead!, 'x-error-message')).toMatch(/title/);
  });
});
