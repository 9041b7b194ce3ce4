import { randomBytes } from 'node:crypto';
import { recordNote } from '@plein/notifications/application';
import { NotificationsInfrastructure, type NoteDocument } from '@plein/notifications/infrastructure';
import { uuidv7 } from '@plein/shared/kernel';
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

// /ready reports the dependencies and each processor (the outbox relay and the projections) up.
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

  it('publishes a recorded note to Kafka, and the projection consumer writes it into the versioned read model', async () => {
    const { store } = service.app.get(NotificationsInfrastructure);
    const noteId = uuidv7();
    await recordNote({ store }, { caller: { userId: uuidv7() }, correlationId: 'int-note-1' }, { noteId, text: 'From the event store to Kafka' });

    // On the service's topic, keyed by the note, published by the outbox relay.
    const message = await messageOn(service.app.get<Kafka>(KAFKA), `${service.topicPrefix}notifications.note.events.v1`, noteId);
    expect(JSON.parse(message.value!.toString())).toMatchObject({ type: 'notifications.note.recorded', aggregateId: noteId, sequence: 1, data: { noteId, text: 'From the event store to Kafka' } });

    // In <service>_notes_v1, written only by the consumer group <service>.notes.v1 (the command does not touch it).
    const notes = service.app.get<Connection>(MONGODB_CONNECTION).db!.collection<NoteDocument>(`${service.namespace}_notes_v1`);
    await until('the note in the read model', async () => (await notes.findOne({ _id: noteId })) !== null);
    expect(await notes.findOne({ _id: noteId })).toEqual({ _id: noteId, text: 'From the event store to Kafka', recordedAt: expect.any(String), lastSequence: 1 });
  });
});
