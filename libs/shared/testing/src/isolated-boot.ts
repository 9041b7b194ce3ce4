import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { BootedService } from './service-basics';
import { dropTestDatabase, testIsolation, waitFor } from './service-under-test';

/** A service booted by `isolatedBoot`: its own database, namespace and topic prefix, dropped on close. */
export type Isolated<S extends BootedService> = S & {
  /** MONGODB_DB of this instance. */
  readonly database: string;
  /** SERVICE_NAME: the namespace of the event store, read-model collections and consumer groups. */
  readonly namespace: string;
  /** KAFKA_TOPIC_PREFIX: its topics are `<topicPrefix><topic>`. */
  readonly topicPrefix: string;
};

export type IsolatedBootOptions = { env?: NodeJS.ProcessEnv; handleSignals?: boolean };

/**
 * Boots the real service in-process against the local servers (npm run infra:up) with its own
 * database, topic prefix and namespace (`options.env` cannot override them); closing it drops the
 * database. Fits describeServiceBasics: `describeServiceBasics('notes', isolatedBoot('notes', bootstrapNotes), ...)`.
 */
export function isolatedBoot<S extends BootedService>(
  service: string,
  bootstrap: (options: { env: NodeJS.ProcessEnv; handleSignals: boolean }) => Promise<S>,
): (options?: IsolatedBootOptions) => Promise<Isolated<S>> {
  return async (options = {}) => {
    const { database, serviceName, prefix } = testIsolation(service);
    const env = { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn', ...options.env, MONGODB_DB: database, SERVICE_NAME: serviceName, KAFKA_TOPIC_PREFIX: prefix };
    const booted = await bootstrap({ env, handleSignals: options.handleSignals ?? false });
    return {
      ...booted,
      database,
      namespace: serviceName,
      topicPrefix: prefix,
      close: async () => {
        await booted.close();
        await dropTestDatabase(database);
      },
    };
  };
}

/** The first message of `topic` with `key`, read from the beginning by a throwaway consumer group (removed afterwards). */
export async function firstMessageKeyed(kafka: Kafka, topic: string, key: string, timeoutMs = 30_000): Promise<KafkaMessage> {
  const groupId = `reader-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId });
  let found: KafkaMessage | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void (message.key?.toString() === key && (found ??= message)) });
    await waitFor(`a message keyed ${key} on ${topic}`, () => found !== undefined, timeoutMs, 100);
    return found!;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
