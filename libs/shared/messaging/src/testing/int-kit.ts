/**
 * Helpers for *.int.spec.ts against the real Kafka / MongoDB-compatible server (never built into
 * dist). Every test uses its own topics, groups and database, and removes them afterwards.
 */
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { Kafka, logLevel, type Admin, type IHeaders, type KafkaMessage } from 'kafkajs';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { encodeEnvelope } from '../kafka-codec';

export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export function testKafka(): Kafka {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  return new Kafka({ clientId: uniqueName('int-test'), brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

export async function testDatabase(): Promise<{ db: mongoose.mongo.Db; connection: mongoose.Connection; drop(): Promise<void> }> {
  const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
  const connection = await mongoose.createConnection(uri, { dbName: `plein_test_${randomBytes(4).toString('hex')}` }).asPromise();
  return {
    db: connection.db!,
    connection,
    drop: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

export async function createTopics(admin: Admin, topics: readonly string[], numPartitions = 1): Promise<void> {
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: false });
  // kafkajs's own leader wait gives up on "does not host this topic-partition" while a busy broker
  // still settles a new topic's metadata; this asks again until every partition has a leader.
  await waitFor(
    () =>
      admin
        .fetchTopicMetadata({ topics: [...topics] })
        .then((m) => m.topics.every((t) => t.partitions.length === numPartitions && t.partitions.every((p) => p.leader >= 0)))
        .catch(() => false),
    30_000,
    `leaders for ${topics.join(', ')}`,
  );
}

/** Deletes topics and groups, ignoring the ones that do not exist. */
export async function cleanupKafka(admin: Admin, topics: readonly string[], groups: readonly string[]): Promise<void> {
  await admin.deleteGroups([...groups]).catch(() => undefined);
  const existing = new Set(await admin.listTopics());
  const doomed = topics.filter((t) => existing.has(t));
  if (doomed.length > 0) await admin.deleteTopics({ topics: doomed }).catch(() => undefined);
}

let sequenceCounter = 0;
export function testEnvelope<T>(overrides: Partial<EventEnvelope<T>> & Pick<EventEnvelope<T>, 'aggregateId' | 'sequence' | 'data'>): EventEnvelope<T> {
  return {
    id: uuidv7(),
    type: 'test.note.written',
    version: 1,
    source: 'plein/test',
    aggregateType: 'note',
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, ++sequenceCounter)).toISOString(),
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actorId: 'user-1',
    ...overrides,
  };
}

export interface RawRecord {
  readonly key: string;
  readonly value: string | Buffer | null;
  readonly headers?: IHeaders;
}

export async function publish(kafka: Kafka, topic: string, records: readonly (EventEnvelope | RawRecord)[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = records.map((r) => ('aggregateId' in r ? encodeEnvelope(r) : r));
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Reads the first `count` messages of a topic with a throwaway group. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const groupId = uniqueName('reader');
  const consumer = kafka.consumer({ groupId });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(() => messages.length >= count, timeoutMs, `${count} messages on ${topic}`);
    return messages;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const header = (message: { headers?: IHeaders }, name: string): string | undefined => message.headers?.[name]?.toString();
