import { randomBytes } from 'node:crypto';
import { NO_CHOICES, preferencesDecider } from '@plein/notifications/domain';
import { NotificationsInfrastructure, type PreferencesDocument } from '@plein/notifications/infrastructure';
import { commandMetadata, executeCommand } from '@plein/shared/event-sourcing';
import { streamId, uuidv7 } from '@plein/shared/kernel';
import { KAFKA, MONGODB_CONNECTION, type RunningService } from '@plein/shared/platform';
import { describeServiceBasics } from '@plein/shared/testing';
import type { Kafka, KafkaMessage } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { bootstrapNotifications } from './bootstrap';

interface Isolated extends RunningService {
  /** SERVICE_NAME: the namespace of the event store, read-model collections and consumer groups. */
  readonly namespace: string;
  readonly topicPrefix: string;
}

/**
 * Boots the real notifications service in-process against the local servers (npm run infra:up), with its
 * own database, topic prefix and namespace; closing it drops the database.
 */
async function bootNotifications(options: { env?: NodeJS.ProcessEnv; handleSignals?: boolean } = {}): Promise<Isolated> {
  const suffix = randomBytes(4).toString('hex');
  const database = `plein_test_notifications_${suffix}`;
  const namespace = `notifications-t${suffix}`;
  const topicPrefix = `t${suffix}.`;
  const env = { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn', ...options.env, MONGODB_DB: database, SERVICE_NAME: namespace, KAFKA_TOPIC_PREFIX: topicPrefix };
  const service = await bootstrapNotifications({ env, handleSignals: options.handleSignals ?? false });
  return {
    ...service,
    namespace,
    topicPrefix,
    close: async () => {
      await service.close();
      const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first message of `topic` with `key`, read from the beginning by a throwaway consumer group. */
async function messageOn(kafka: Kafka, topic: string, key: string): Promise<KafkaMessage> {
  const groupId = `reader-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId });
  let found: KafkaMessage | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void (message.key?.toString() === key && (found ??= message)) });
    await until(`a message keyed ${key} on ${topic}`, async () => found !== undefined);
    return found!;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

// /ready reports the dependencies, the revocation list and each processor up.
describeServiceBasics('notifications', bootNotifications, ['kafka', 'mongodb'], { checks: ['revocation-list'], processors: ['outbox-relay', 'projections', 'sources', 'acknowledgements', 'inbox-purge', 'inbox-stream', 'delivery-addresses', 'delivery'] });

describe('notifications HTTP and events', () => {
  let service: Isolated;
  beforeAll(async () => {
    service = await bootNotifications();
    await service.processors.started;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers the example route and lists it in its OpenAPI document', async () => {
    const res = await fetch(`${service.url}/v1/notifications/about?lang=nl`);
    expect([res.status, await res.json()]).toEqual([200, { service: 'notifications', lang: 'nl' }]);
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/notifications/about');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const res = await fetch(`${service.url}/v1/notifications/about?lang=fr`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.lang']);
  });

  it('publishes preferences to Kafka, and the projection consumer writes them into the versioned read model', async () => {
    const { store } = service.app.get(NotificationsInfrastructure);
    const userId = uuidv7();
    const choices = { ...NO_CHOICES, timeZone: 'Europe/Amsterdam' };
    // The command path without read-your-writes: only the projection consumer writes the read model here.
    await executeCommand({ store, streamId: streamId('preferences', userId), decider: preferencesDecider, command: { type: 'SetPreferences', userId, choices }, metadata: commandMetadata({ caller: { userId }, correlationId: 'int-prefs-1' }) });

    // On the service's topic, keyed by the person, published by the outbox relay.
    const message = await messageOn(service.app.get<Kafka>(KAFKA), `${service.topicPrefix}notifications.preferences.events.v1`, userId);
    expect(JSON.parse(message.value!.toString())).toMatchObject({ type: 'notifications.preferences.changed', aggregateId: userId, sequence: 1, data: { userId, timeZone: 'Europe/Amsterdam' } });

    // In <service>_preferences_v1, written by the consumer group <service>.preferences.v1.
    const preferences = service.app.get<Connection>(MONGODB_CONNECTION).db!.collection<PreferencesDocument>(`${service.namespace}_preferences_v1`);
    await until('the preferences in the read model', async () => (await preferences.findOne({ _id: userId })) !== null);
    expect(await preferences.findOne({ _id: userId })).toEqual({ _id: userId, ...choices, lastSequence: 1 });
  });
});
