import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';

/** Helpers for this lib's *.int.spec.ts: real servers, unique names, cleanup. */
export const uniqueName = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export async function connectTestDb(): Promise<Connection> {
  const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
  const connection = mongoose.createConnection(uri, { dbName: uniqueName('plein_test'), serverSelectionTimeoutMS: 10_000 });
  await connection.asPromise();
  return connection;
}

export async function dropTestDb(connection: Connection | undefined): Promise<void> {
  if (!connection) return;
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}

export const testKafka = (clientId = uniqueName('es-test')): Kafka =>
  new Kafka({ clientId, brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });

export interface Received {
  readonly key: string;
  readonly sequence: number;
  readonly id: string;
  readonly headers: Record<string, string>;
}

/** Consumes `topic` from the beginning into `received`, in arrival order per partition. */
export async function collect(kafka: Kafka, topic: string, received: Received[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: uniqueName('es-test-group'), sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }: { message: KafkaMessage }) => {
      const envelope = JSON.parse(message.value!.toString()) as { sequence: number; id: string };
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      received.push({ key: message.key!.toString(), sequence: envelope.sequence, id: envelope.id, headers });
    },
  });
  return consumer;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sequences received per key, in arrival order. */
export function byKey(received: readonly Received[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const { key, sequence } of received) out.set(key, [...(out.get(key) ?? []), sequence]);
  return out;
}
