import { randomBytes } from 'node:crypto';
import { VisitService } from '@plein/insights/application';
import { dayKey, pseudonymise } from '@plein/insights/domain';
import { InsightsInfrastructure } from '@plein/insights/infrastructure';
import { uuidv7 } from '@plein/shared/kernel';
import { KAFKA, type RunningService } from '@plein/shared/platform';
import { describeServiceBasics } from '@plein/shared/testing';
import type { Kafka, KafkaMessage } from 'kafkajs';
import mongoose from 'mongoose';
import { bootstrapInsights } from './bootstrap';

interface Isolated extends RunningService {
  /** SERVICE_NAME: the namespace of the event store, read-model collections and consumer groups. */
  readonly namespace: string;
  readonly topicPrefix: string;
}

/**
 * Boots the real insights service in-process against the local servers (npm run infra:up), with its
 * own database, topic prefix and namespace; closing it drops the database.
 */
async function bootInsights(options: { env?: NodeJS.ProcessEnv; handleSignals?: boolean } = {}): Promise<Isolated> {
  const suffix = randomBytes(4).toString('hex');
  const database = `plein_test_insights_${suffix}`;
  const namespace = `insights-t${suffix}`;
  const topicPrefix = `t${suffix}.`;
  const env = { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn', ...options.env, MONGODB_DB: database, SERVICE_NAME: namespace, KAFKA_TOPIC_PREFIX: topicPrefix };
  const service = await bootstrapInsights({ env, handleSignals: options.handleSignals ?? false });
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

// /ready reports the dependencies and each processor (the outbox relay, the projections, the fact purge) up.
describeServiceBasics('insights', bootInsights, ['kafka', 'mongodb'], { checks: ['revocation-list'], processors: ['outbox-relay', 'projections', 'fact-purge'] });

describe('insights HTTP and events', () => {
  let service: Isolated;
  beforeAll(async () => {
    service = await bootInsights();
    await service.processors.started;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers the example route and lists it in its OpenAPI document', async () => {
    const res = await fetch(`${service.url}/v1/insights/about?lang=nl`);
    expect([res.status, await res.json()]).toEqual([200, { service: 'insights', lang: 'nl' }]);
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/insights/about');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const res = await fetch(`${service.url}/v1/insights/about?lang=fr`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.lang']);
  });

  it('publishes a recorded visit to Kafka, pseudonymous and keyed by person and day, once per day', async () => {
    const { store } = service.app.get(InsightsInfrastructure);
    const visits = service.app.get(VisitService);
    const userId = uuidv7();
    const ctx = { caller: { userId }, correlationId: 'int-visit-1' };
    const day = dayKey(new Date());
    expect(await visits.record(ctx)).toEqual({ day, recorded: true });
    expect(await visits.record({ ...ctx, idempotencyKey: 'retry-1' })).toEqual({ day, recorded: false });
    // The default secret of local runs (INSIGHTS_PSEUDONYM_SECRET not set).
    const person = pseudonymise(userId, 'plein-dev-insights-pseudonym-secret-not-for-production');

    // On the service's topic, keyed by `<person>.<day>`, published by the outbox relay; nothing in it names the user.
    const message = await messageOn(service.app.get<Kafka>(KAFKA), `${service.topicPrefix}insights.visit.events.v1`, `${person}.${day}`);
    expect(JSON.parse(message.value!.toString())).toMatchObject({ type: 'insights.visit.recorded', aggregateId: `${person}.${day}`, sequence: 1, actorId: 'system:insights', data: { person, day } });
    expect(message.value!.toString()).not.toContain(userId);
    expect((await store.readStream(`visit-${person}.${day}`))?.events).toHaveLength(1);
  });
});
