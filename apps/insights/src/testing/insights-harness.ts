import { randomBytes } from 'node:crypto';
import { encodeEnvelope } from '@plein/shared/messaging';
import { uuidv7, type Clock, type EventEnvelope } from '@plein/shared/kernel';
import { perSuite } from '@plein/shared/testing';
import type { CellDocument } from '@plein/insights/infrastructure';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { bootstrapInsights, type RunningInsights } from '../bootstrap';

/** The secret the harness runs insights with (tests pseudonymise with it to find their people's facts). */
export const TEST_PSEUDONYM_SECRET = 'insights-test-secret-0123456789abcdef';

/**
 * The insights service under test: booted in-process against the real servers with its own
 * database (`plein_test_insights_<hex>`), namespace (SERVICE_NAME) and Kafka topic prefix; platform
 * tokens signed with a test key; other services' events (identity users, feed activity) published
 * to the prefixed topics as their relays would. `clock` is the service's clock (visits, purge).
 */
export interface InsightsUnderTest {
  readonly service: RunningInsights;
  readonly url: string;
  readonly database: string;
  readonly serviceName: string;
  readonly prefix: string;
  readonly clock: MutableClock;
  readonly publisher: EventPublisher;
  call(userId: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** Every counter cell of the active cells version, by id (`day|orgUnit|2026-11-02|sales`), counters only. */
  cells(): Promise<Map<string, Record<string, number>>>;
  /** Number of fact documents (person-period and once facts). */
  factCount(): Promise<number>;
  /** Waits until the cells projection consumed everything published so far. */
  caughtUp(): Promise<void>;
  /** Messages on `<prefix><topic>` (e.g. what the outbox relay published to insights.visit.events.v1). */
  published(topic: string): Promise<number>;
  close(): Promise<void>;
}

export class MutableClock implements Clock {
  constructor(public current: Date) {}
  now = (): Date => new Date(this.current.getTime());
}

/** Publishes envelopes of other services (and redeliveries) to the prefixed topics. */
export class EventPublisher {
  readonly published: { topic: string; envelope: EventEnvelope }[] = [];
  private readonly sequences = new Map<string, number>();
  private producer: Producer | undefined;
  private readonly kafka = new Kafka({ clientId: 'insights-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });

  constructor(readonly prefix: string) {}

  admin(): Admin {
    return this.kafka.admin();
  }

  /** The next event of an aggregate's stream (sequence numbered per aggregate type and id). */
  envelope(aggregateType: string, aggregateId: string, type: string, version: number, data: unknown, occurredAt: string): EventEnvelope {
    const key = `${aggregateType}:${aggregateId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    return {
      id: uuidv7(), type, version, source: `plein/${type.split('.')[0]!}`, aggregateType, aggregateId, sequence,
      occurredAt, correlationId: 'insights-test', causationId: uuidv7(), actorId: 'system:test', data,
    };
  }

  /** Sends to `<prefix><topic>` and remembers it for redelivery. */
  async send(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    if (!envelopes.length) return;
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic: `${this.prefix}${topic}`, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
    for (const envelope of envelopes) this.published.push({ topic, envelope });
  }

  /** Sends everything published so far once more, as a redelivery would (not remembered again). */
  async redeliverAll(): Promise<number> {
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const { topic, envelope } of this.published) byTopic.set(topic, [...(byTopic.get(topic) ?? []), envelope]);
    for (const [topic, envelopes] of byTopic) await this.producer!.send({ topic: `${this.prefix}${topic}`, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
    return this.published.length;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}

export async function startInsights(env: Record<string, string> = {}, start = new Date('2026-11-04T10:00:00.000Z')): Promise<InsightsUnderTest> {
  const suffix = randomBytes(4).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const keys: JWTVerifyGetKey = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' }] });
  const database = `plein_test_insights_${suffix}`;
  const serviceName = `insights-t${suffix}`;
  const prefix = `t${suffix}.`;
  const clock = new MutableClock(start);
  const service = await bootstrapInsights({
    env: {
      ...process.env,
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
      MONGODB_DB: database,
      SERVICE_NAME: serviceName,
      KAFKA_TOPIC_PREFIX: prefix,
      INSIGHTS_PSEUDONYM_SECRET: TEST_PSEUDONYM_SECRET,
      INSIGHTS_PURGE_INTERVAL_SECONDS: '86400',
      ...env,
    },
    handleSignals: false,
    authKeys: keys,
    clock,
  });
  const token = (userId: string) =>
    new SignJWT({ sid: uuidv7(), roles: ['employee'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' })
      .setSubject(userId)
      .setIssuer('http://127.0.0.1:3001')
      .setAudience('plein')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  const call: InsightsUnderTest['call'] = async (userId, method, path, body, headers = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(userId ? { authorization: `Bearer ${await token(userId)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  };
  const publisher = new EventPublisher(prefix);
  const infra = service.infrastructure;
  const insights: InsightsUnderTest = {
    service,
    url: service.url,
    database,
    serviceName,
    prefix,
    clock,
    publisher,
    call,
    cells: async () => {
      const collection = await infra.activeCells();
      const docs = (await collection.find({ _id: { $gte: 'c|', $lt: 'c}' } }).toArray()) as CellDocument[];
      return new Map(docs.map((d) => [d._id.slice(2), d.m ?? {}]));
    },
    factCount: async () => (await infra.activeCells()).countDocuments({ _id: { $gte: 'f|', $lt: 'f}' } }),
    caughtUp: async () => {
      // Three readings in a row: the cells group is running and has nothing left on any partition.
      let quiet = 0;
      await waitFor('cells projection caught up', async () => {
        const lags = await infra.projectionHost().lag();
        const done = lags.some((lag) => lag.groupId.endsWith('.cells.v1')) && lags.every((lag) => lag.total === 0);
        quiet = done ? quiet + 1 : 0;
        return quiet >= 3;
      });
    },
    published: async (topic) => {
      const admin = publisher.admin();
      await admin.connect();
      try {
        return (await admin.fetchTopicOffsets(`${prefix}${topic}`)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      } finally {
        await admin.disconnect();
      }
    },
    close: async () => {
      await publisher.close();
      await service.close();
      const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
  // The platform guard answers 503 until its revocation list has caught up.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await call(uuidv7(), 'GET', '/v1/insights/about');
    // A malformed Idempotency-Key: past the guard it is refused (400) before anything is recorded.
    const guarded = await call(uuidv7(), 'POST', '/v1/insights/visits', undefined, { 'idempotency-key': 'not a key' });
    if (probe.status === 200 && guarded.status === 400) break;
    if (Date.now() > deadline) {
      await insights.close();
      throw new Error('insights auth never became ready');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return insights;
}

/** One insights service for the enclosing describe: started in beforeAll, closed in afterAll. */
export function insightsPerSuite(env: Record<string, string> = {}): { readonly insights: InsightsUnderTest } {
  const suite = perSuite(() => startInsights(env), 'insights', 120_000);
  return {
    get insights(): InsightsUnderTest {
      return suite.current;
    },
  };
}

/** Polls `check` every 200 ms until it holds. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
