import type { Admin, Kafka } from 'kafkajs';
import { testKafka, uniqueName } from './test-support/servers';
import { deadLetterTopicSpec, ensureServiceTopics, eventTopicSpec } from './topics';

/** The start-up step every service runs, against the real broker. */
describe('ensureServiceTopics (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const created: string[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the topics and dead-letter topics with their settings, every partition led, and a second start changes nothing', async () => {
    const events = uniqueName('es-test.ensure.events');
    const dlq = `${uniqueName('es-test.ensure')}.dlq`;
    created.push(events, dlq);
    // The event topic named twice (consumed and produced): created once, with the first spec.
    await ensureServiceTopics(kafka, [eventTopicSpec(events, 3), eventTopicSpec(events, 5)], { deadLetterTopics: [dlq] });

    const metadata = await admin.fetchTopicMetadata({ topics: [events, dlq] });
    const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions]));
    expect(partitions[events]).toHaveLength(3);
    expect(partitions[dlq]).toHaveLength(1);
    for (const topic of metadata.topics) for (const partition of topic.partitions) expect(partition.leader).toBeGreaterThanOrEqual(0);
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: dlq, configNames: ['retention.ms'] }, { type: 2, name: events, configNames: ['retention.ms'] }] });
    const retention = Object.fromEntries(configs.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === 'retention.ms')?.configValue]));
    expect(retention).toEqual({ [dlq]: deadLetterTopicSpec(dlq).config['retention.ms'], [events]: '-1' });

    // Again with other partitions: an existing topic is never altered.
    await ensureServiceTopics(kafka, [eventTopicSpec(events, 6)], { deadLetterTopics: [dlq] });
    const again = await admin.fetchTopicMetadata({ topics: [events] });
    expect(again.topics[0]!.partitions).toHaveLength(3);
  });

  it('throws the last error after the tries it was given', async () => {
    // A name Kafka refuses: every try fails, the last error comes out.
    await expect(ensureServiceTopics(kafka, [eventTopicSpec('bad name with spaces', 1)], { attempts: 2, retryDelayMs: 10 })).rejects.toThrow();
  });
});
