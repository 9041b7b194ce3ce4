import { uuidv7, type Clock, type EventEnvelope } from '@plein/shared/kernel';
import { callJson, dropTestDatabase, perSuite, platformTokens, TestEventPublisher, testIsolation, untilAuthReady, waitFor } from '@plein/shared/testing';
import { cellsOfDocument, CELLS_VERSION, type CellDocument } from '@plein/insights/infrastructure';
import type { Admin } from 'kafkajs';
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
  private readonly events = new TestEventPublisher('insights-test');

  constructor(readonly prefix: string) {}

  admin(): Admin {
    return this.events.admin();
  }

  /** The next event of an aggregate's stream (sequence numbered per aggregate type and id). */
  envelope(aggregateType: string, aggregateId: string, type: string, version: number, data: unknown, occurredAt: string): EventEnvelope {
    return this.events.envelope(aggregateType, aggregateId, type, data, { version, occurredAt });
  }

  /** Sends to `<prefix><topic>` and remembers it for redelivery. */
  async send(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    await this.events.resend(envelopes, `${this.prefix}${topic}`);
    for (const envelope of envelopes) this.published.push({ topic, envelope });
  }

  /** Sends everything published so far once more, as a redelivery would (not remembered again). */
  async redeliverAll(): Promise<number> {
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const { topic, envelope } of this.published) byTopic.set(topic, [...(byTopic.get(topic) ?? []), envelope]);
    for (const [topic, envelopes] of byTopic) await this.events.resend(envelopes, `${this.prefix}${topic}`);
    return this.published.length;
  }

  close(): Promise<void> {
    return this.events.close();
  }
}

export async function startInsights(env: Record<string, string> = {}, start = new Date('2026-11-04T10:00:00.000Z')): Promise<InsightsUnderTest> {
  const { database, serviceName, prefix, env: isolated } = testIsolation('insights');
  const tokens = await platformTokens();
  const clock = new MutableClock(start);
  const service = await bootstrapInsights({
    env: {
      ...process.env,
      ...isolated,
      INSIGHTS_PSEUDONYM_SECRET: TEST_PSEUDONYM_SECRET,
      INSIGHTS_PURGE_INTERVAL_SECONDS: '86400',
      ...env,
    },
    handleSignals: false,
    authKeys: tokens.keys,
    clock,
  });
  const call: InsightsUnderTest['call'] = async (userId, method, path, body, headers = {}) =>
    callJson(service.url, method, path, { token: userId ? await tokens.token(userId, ['employee']) : null, body, headers });
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
      return new Map(docs.flatMap((d) => cellsOfDocument(d)).map((c) => [`${c.granularity}|${c.dimension}|${c.period}|${c.value}`, c.metrics]));
    },
    factCount: async () => (await infra.activeCells()).countDocuments({ _id: { $gte: 'f|', $lt: 'f}' } }),
    caughtUp: async () => {
      // Three readings in a row: the cells group is running and has nothing left on any partition.
      let quiet = 0;
      await waitFor('cells projection caught up', async () => {
        const lags = await infra.projectionHost().lag();
        const done = lags.some((lag) => lag.groupId.endsWith(`.cells.v${CELLS_VERSION}`)) && lags.every((lag) => lag.total === 0);
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
      await dropTestDatabase(database);
    },
  };
  // The platform guard answers 503 until its revocation list has caught up; a malformed
  // Idempotency-Key past the guard is refused (400) before anything is recorded.
  await untilAuthReady(
    'insights',
    async () =>
      (await call(uuidv7(), 'GET', '/v1/insights/about')).status === 200 &&
      (await call(uuidv7(), 'POST', '/v1/insights/visits', undefined, { 'idempotency-key': 'not a key' })).status === 400,
    insights.close,
  );
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

/** Polls `check` until it holds (60 s at most). */
export { waitFor } from '@plein/shared/testing';
