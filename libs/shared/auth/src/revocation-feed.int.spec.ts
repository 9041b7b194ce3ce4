import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { encodeEnvelope } from '@plein/shared/messaging';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { RevocationFeed } from './revocation-feed';
import { RevocationList } from './revocation-list';

const kafka = new Kafka({ clientId: 'auth-int', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
const suffix = randomBytes(4).toString('hex');
const USERS = `test.auth${suffix}.events.v1`;
const SESSIONS = `test.authsessions${suffix}.events.v1`;

const envelope = (type: string, aggregateType: string, aggregateId: string, occurredAt: Date): EventEnvelope => ({
  id: uuidv7(),
  type,
  version: 1,
  source: 'plein/identity',
  aggregateType,
  aggregateId,
  sequence: 1,
  occurredAt: occurredAt.toISOString(),
  correlationId: 'c',
  causationId: 'c',
  actorId: 'system:test',
  data: {},
});

async function publish(topic: string, e: EventEnvelope, timestamp: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ ...encodeEnvelope(e), timestamp: String(timestamp) }] });
  await producer.disconnect();
}

describe('RevocationFeed (real Kafka)', () => {
  const admin = kafka.admin();
  let feed: RevocationFeed | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: USERS, numPartitions: 2 }, { topic: SESSIONS }], waitForLeaders: true, timeout: 30_000 });
  }, 60_000);
  afterAll(async () => {
    await feed?.stop();
    await admin.deleteTopics({ topics: [USERS, SESSIONS] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('loads the revocations of the lookback window before it is ready, then applies new ones within the 5 s budget', async () => {
    const now = Date.now();
    const old = uuidv7();
    const recent = uuidv7();
    // Older than the lookback: a token issued before it has expired by now, so it is not loaded.
    await publish(USERS, envelope('identity.user.deactivated', 'user', old, new Date(now - 3_600_000)), now - 3_600_000);
    await publish(USERS, envelope('identity.user.deactivated', 'user', recent, new Date(now - 60_000)), now - 60_000);
    await publish(USERS, envelope('identity.user.attributes-changed', 'user', recent, new Date(now - 50_000)), now - 50_000);

    // A long retention, so only the lookback (not pruning) can keep the old revocation out.
    const list = new RevocationList(86_400_000);
    feed = new RevocationFeed({ kafka, service: `auth-int-${suffix}`, list, topics: [USERS, SESSIONS], lookbackMs: 600_000 });
    expect(feed.ready).toBe(false);
    const started = Date.now();
    await feed.start();
    for (let i = 0; i < 100 && !feed.ready; i++) await new Promise((r) => setTimeout(r, 100));
    expect(feed.ready).toBe(true);
    // One group join with a seek, no separate positioning round (which took ~5 s).
    expect(Date.now() - started).toBeLessThan(3_000);
    const issued = Math.floor((now - 120_000) / 1000);
    expect(list.isRevoked({ userId: recent, sessionId: 's', issuedAt: issued })).toBe(true);
    expect(list.isRevoked({ userId: old, sessionId: 's', issuedAt: Math.floor((now - 7_200_000) / 1000) })).toBe(false);

    const sid = uuidv7();
    const published = Date.now();
    await publish(SESSIONS, envelope('identity.session.revoked', 'session', sid, new Date()), published);
    while (!list.isRevoked({ userId: uuidv7(), sessionId: sid, issuedAt: issued }) && Date.now() - published < 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - published).toBeLessThan(5_000); // the platform's revocation budget
    const groups = feed.groups;
    await feed.stop();
    feed = undefined;
    const remaining = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(remaining.filter((g) => groups.includes(g))).toEqual([]);
  });

  it('stops within its bound while the broker is unreachable, also with a start in flight', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unreachable = new Kafka({ clientId: 'auth-int-down', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING });
    const down = new RevocationFeed({ kafka: unreachable, service: `auth-int-${suffix}`, list: new RevocationList(60_000), topics: [USERS] });
    const starting = down.start();
    await new Promise((r) => setTimeout(r, 500));
    const before = Date.now();
    await down.stop();
    expect(Date.now() - before).toBeLessThan(6_000); // stopTimeoutMs (3 s) + group clean-up bound (2 s)
    expect(down.ready).toBe(false);
    await starting; // resolves (stopped) once kafkajs has given up connecting
  }, 60_000);
});
