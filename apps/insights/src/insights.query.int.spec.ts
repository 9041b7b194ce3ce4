import { randomBytes } from 'node:crypto';
import { encodeEnvelope } from '@plein/shared/messaging';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { bootstrapInsights, type RunningInsights } from './bootstrap';

jest.setTimeout(120_000);

/**
 * The query side on the real servers, through the real ingest: a generated organisation of 43
 * people whose week of posts is known, so every answer is known in advance (k = 5).
 *
 *   engineering (1 director directly in it)   → platform (14 employees + 1 manager), web (9 + 1)
 *   sales (12 + 1), support (3), board (1 board member)
 *
 * Monday 2026-11-02 posters: platform 11 employees + its manager (12), web 7 + its manager (8), the
 * director (1), sales 9 + its manager (10), support 2; the board member does not post. Week
 * 2026-W45: 33 active people.
 */
const K = 5;
interface Person {
  readonly id: string;
  readonly department: string;
  readonly level: 'employee' | 'manager' | 'director' | 'board';
  readonly posts: boolean;
}
const people: Person[] = [];
const add = (n: number, department: string, level: Person['level'], posting: number) => {
  for (let i = 0; i < n; i++) people.push({ id: uuidv7(), department, level, posts: i < posting });
};
add(14, 'Engineering/Platform', 'employee', 11);
add(1, 'Engineering/Platform', 'manager', 1);
add(9, 'Engineering/Web', 'employee', 7);
add(1, 'Engineering/Web', 'manager', 1);
add(1, 'Engineering', 'director', 1);
add(12, 'Sales', 'employee', 9);
add(1, 'Sales', 'manager', 1);
add(3, 'Support', 'employee', 2);
add(1, 'Board', 'board', 0);

describe('insights queries on a generated organisation (real servers, real ingest)', () => {
  let service: RunningInsights;
  let database: string;
  let prefix: string;
  let privateKey: CryptoKey;
  let producer: Producer;
  const sequences = new Map<string, number>();
  const envelope = (aggregateType: string, aggregateId: string, type: string, version: number, data: unknown, occurredAt: string): EventEnvelope => {
    const sequence = (sequences.get(aggregateId) ?? 0) + 1;
    sequences.set(aggregateId, sequence);
    return { id: uuidv7(), type, version, source: `plein/${type.split('.')[0]!}`, aggregateType, aggregateId, sequence, occurredAt, correlationId: 'insights-query-test', causationId: uuidv7(), actorId: 'system:test', data };
  };
  const send = (topic: string, envelopes: EventEnvelope[]) => producer.send({ topic: `${prefix}${topic}`, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
  const get = async (path: string, roles = ['employee', 'insights-viewer']) => {
    const jwt = await new SignJWT({ sid: uuidv7(), roles }).setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' }).setSubject(uuidv7()).setIssuer('http://127.0.0.1:3001').setAudience('plein').setIssuedAt().setExpirationTime('10m').sign(privateKey);
    const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${jwt}` } });
    const text = await res.text();
    return { status: res.status, text, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null };
  };
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 60_000; !(await check()); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const allCell = async (granularity: 'week' | 'current', period: string, metric: string) =>
    (await service.infrastructure.cells.read({ granularity, from: period, to: period, dimension: 'all' }))[0]?.metrics[metric] ?? 0;

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    database = `plein_test_insights_${suffix}`;
    prefix = `t${suffix}.`;
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    service = await bootstrapInsights({
      env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `insights-t${suffix}`, KAFKA_TOPIC_PREFIX: prefix, INSIGHTS_K: String(K), INSIGHTS_FACT_RETENTION_DAYS: '400', INSIGHTS_PURGE_INTERVAL_SECONDS: '86400' },
      handleSignals: false,
      authKeys: createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test', alg: 'ES256' }] }),
    });
    await service.processors.started;
    producer = new Kafka({ clientId: 'insights-query-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();

    await send(
      'identity.user.events.v1',
      people.map((p) =>
        envelope('user', p.id, 'identity.user.provisioned', 1, { externalId: `ext-${p.id}`, userName: `u${p.id.slice(-12)}`, displayName: 'Someone', department: p.department, location: 'Amsterdam', managementLevel: p.level, badges: [], managerId: null, roles: ['employee'] }, '2026-10-01T08:00:00.000Z'),
      ),
    );
    await until('the headcount', async () => (await allCell('current', 'current', 'headcount')) === people.length);
    const content = { body: 'Hello', mentions: [], hashtags: [], links: [], attachments: [] };
    await send(
      'feed.post.events.v1',
      people.filter((p) => p.posts).map((p) => {
        const postId = uuidv7();
        return envelope('post', postId, 'feed.post.published', 2, { authorId: p.id, audience: { kind: 'organisation' }, kind: 'update', ...content, callToAction: { kind: 'fyi' } }, '2026-11-02T09:00:00.000Z');
      }),
    );
    // An event's increments reach its cells in one unordered bulk write: wait for every dimension.
    const weekSum = async (dimension: 'orgUnit' | 'level', granularity: 'week' | 'day' = 'week', period = '2026-W45') =>
      (await service.infrastructure.cells.read({ granularity, from: period, to: period, dimension })).filter((c) => !c.value.includes('/')).reduce((sum, c) => sum + (c.metrics['active'] ?? 0), 0);
    await until('the week of posts', async () => (await allCell('week', '2026-W45', 'active')) === 33 && (await weekSum('orgUnit')) === 33 && (await weekSum('level')) === 33 && (await weekSum('orgUnit', 'day', '2026-11-02')) === 33);
    // The revocation list must have loaded before a token is accepted.
    await until('the platform guard', async () => (await get('/v1/insights/transparency')).status === 200);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const week = 'granularity=week&from=2026-11-02&to=2026-11-08';

  it('top org units: support (2) and board (0) hidden, and sales hidden with them so the total minus engineering covers 12 people', async () => {
    const { status, body } = await get(`/v1/insights/series?metric=active&${week}&by=orgUnit`);
    expect(status).toBe(200);
    expect(body.rows).toEqual([{ period: '2026-W45', total: 33, parts: [{ key: 'board', value: null }, { key: 'engineering', value: 21 }, { key: 'sales', value: null }, { key: 'support', value: null }] }]);
    // The attacker's 33 - 21 = 12 people spread over three hidden units, not support's 2.
  });

  it('parent minus children: the director directly in engineering stays hidden (web is hidden with them)', async () => {
    const { body } = await get(`/v1/insights/series?metric=active&${week}&by=orgUnit&parent=engineering`);
    expect(body.rows).toEqual([{ period: '2026-W45', total: 21, parts: [{ key: 'engineering/platform', value: 12 }, { key: 'engineering/web', value: null }] }]);
    // The same figure for engineering as at the top level (two overlapping requests agree).
    const breakdown = await get('/v1/insights/breakdown?metric=active&granularity=week&period=2026-11-04&by=orgUnit&parent=engineering');
    expect(breakdown.body).toMatchObject({ period: '2026-W45', total: 21, parts: [{ key: 'engineering/platform', value: 12, sharePercent: 57.1 }, { key: 'engineering/web', value: null, sharePercent: null }] });
  });

  it('management levels: leaders are 4 people, so employees are hidden too (the total minus employees would be the 4)', async () => {
    const { body } = await get(`/v1/insights/series?metric=active&${week}&by=level`);
    expect(body.rows[0]).toEqual({ period: '2026-W45', total: 33, parts: ['employee', 'manager', 'director', 'board'].map((key) => ({ key, value: null })) });
  });

  it('adoption: reach from the shown total and the shown headcount; posts per week; the CSV carries the same suppression', async () => {
    const { body } = await get(`/v1/insights/adoption?${week}`);
    expect(body).toMatchObject({ k: K, headcount: 43, periods: [{ period: '2026-W45', activePeople: 33, reachPercent: 76.7, posts: 33 }] });
    const csv = await get(`/v1/insights/export.csv?metric=active&${week}&by=orgUnit`);
    expect(csv.text.split('\r\n').filter(Boolean)).toEqual([
      'period,dimension,value,metric,figure,suppressed',
      '2026-W45,all,all,active,33,false',
      '2026-W45,orgUnit,board,active,,true',
      '2026-W45,orgUnit,engineering,active,21,false',
      '2026-W45,orgUnit,sales,active,,true',
      '2026-W45,orgUnit,support,active,,true',
    ]);
  });

  it('week minus its days: Monday alone would be the week, so the days of a week with a small day are hidden together', async () => {
    const { body } = await get('/v1/insights/series?metric=posts&granularity=day&from=2026-11-02&to=2026-11-08');
    // Monday 33 posts, the other days 0 (hidden): hidden days together cover 0 people, so Monday is hidden too.
    expect(body.rows.map((r: { total: number | null }) => r.total)).toEqual([null, null, null, null, null, null, null]);
    const weekly = await get(`/v1/insights/series?metric=posts&${week}`);
    expect(weekly.body.rows[0].total).toBe(33);
  });
});
