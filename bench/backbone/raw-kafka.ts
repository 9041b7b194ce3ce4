import type { Admin, Kafka, Message } from 'kafkajs';
import type { KafkaRecord } from '@plein/shared/messaging';
import { waitForStableGroup } from '@plein/bench-kit';

export interface RawResult {
  readonly messages: number;
  readonly ms: number;
}

/**
 * The baseline: plain kafkajs, the same number of messages with the same keys, value bytes and
 * headers as the backbone run, produced with the relay's guarantees (idempotent producer, one
 * request in flight, acks -1) in `sendBatch` calls of `batchSize`, consumed by one consumer
 * (eachBatch, no processing). Timed from the first send to the last message consumed.
 */
export async function runRawKafka(kafka: Kafka, admin: Admin, records: readonly KafkaRecord[], partitions: number, batchSize: number, runId: string): Promise<RawResult> {
  const topic = `bench.raw.${runId}`;
  const groupId = `bench.raw.${runId}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  try {
    let consumed = 0;
    let finished: () => void = () => undefined;
    const allConsumed = new Promise<void>((resolve) => (finished = resolve));
    await Promise.all([consumer.connect(), producer.connect()]);
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        if (consumed >= records.length) finished();
      },
    });
    await waitForStableGroup(admin, groupId);

    const messages: Message[] = records.map((r) => ({ key: r.key, value: r.value, headers: r.headers }));
    const started = performance.now();
    for (let i = 0; i < messages.length; i += batchSize) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(i, i + batchSize) }] });
    }
    await allConsumed;
    return { messages: records.length, ms: performance.now() - started };
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
}
