import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import type { RunningService } from '@plein/shared/platform';
import { bootstrapFeed } from '../../feed/src/bootstrap';
import { signIn, startHarness, waitUntilReady, type Harness } from './testing/identity-harness';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The budget the platform promises: a revocation reaches every service within 5 s. */
const BUDGET_MS = 5_000;

/**
 * identity and feed as two services on the real servers: a token identity issued is verified by
 * feed offline (JWKS over HTTP), and a revocation in identity reaches feed's deny-list through
 * Kafka (outbox relay → <prefix>identity.*.events.v1 → feed's revocation feed) within the budget.
 * Both run with one KAFKA_TOPIC_PREFIX of their own, as two services of one installation do: the
 * revocation only crosses if identity writes and feed reads the same prefixed topics.
 */
describe('cross-service token revocation (identity → Kafka → feed)', () => {
  let h: Harness;
  let feed: RunningService;
  const feedDb = `plein_test_feed_${randomBytes(4).toString('hex')}`;
  const prefix = `t${randomBytes(3).toString('hex')}.`;
  const kafka = new Kafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: 0 });

  beforeAll(async () => {
    h = await startHarness({ env: { KAFKA_TOPIC_PREFIX: prefix } });
    feed = await bootstrapFeed({
      handleSignals: false,
      env: {
        ...process.env,
        HTTP_PORT: '0',
        LOG_LEVEL: 'error',
        MONGODB_DB: feedDb,
        SERVICE_NAME: `feed-revocation-${randomBytes(3).toString('hex')}`,
        KAFKA_TOPIC_PREFIX: prefix,
        FEED_CONSUMERS: 'off',
        AUTH_ISSUER: h.url,
      },
    });
    await waitUntilReady(feed);
  });

  afterAll(async () => {
    await feed?.close();
    await h?.close();
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: feedDb }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  /** Messages in a topic so far (0 while it does not exist). */
  async function messagesIn(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) return 0;
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  const feedMe = (token: string) => fetch(`${feed.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  /** Milliseconds until feed refuses the token (polling every 50 ms), or the budget plus a margin. */
  async function timeUntilRefused(token: string, since: number): Promise<number> {
    for (;;) {
      const res = await feedMe(token);
      if (res.status === 401) {
        expect(await res.json()).toMatchObject({ code: 'AUTH.TOKEN_REVOKED' });
        return Date.now() - since;
      }
      expect(res.status).toBe(200);
      if (Date.now() - since > BUDGET_MS + 5_000) return Date.now() - since;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('accepts identity’s token in feed, and refuses it within 5 s of a SCIM deactivation', async () => {
    const { accessToken, browser } = await signIn(h, 'noah.peters');
    const me = await feedMe(accessToken);
    expect(me.status).toBe(200);
    const { userId, roles } = (await me.json()) as { userId: string; roles: string[] };
    expect(roles).toEqual(['employee']);

    const start = Date.now();
    const patched = await h.scim('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(patched).toMatchObject({ status: 200, body: { active: false } });
    // identity itself refuses a new access token at once (its session store is updated synchronously).
    expect((await browser.request(`${h.url}/auth/token`, {})).status).toBe(401);
    const elapsed = await timeUntilRefused(accessToken, start);
    expect(elapsed).toBeLessThan(BUDGET_MS);
  });

  it('relays identity’s events to its topics under the installation’s prefix', async () => {
    const topic = `${prefix}identity.user.events.v1`;
    const before = await messagesIn(topic);
    const created = await h.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `prefix.${randomBytes(3).toString('hex')}@example.org`, name: { givenName: 'Pia', familyName: 'Fix' } });
    expect(created.status).toBe(201);
    for (const deadline = Date.now() + 10_000; (await messagesIn(topic)) <= before; ) {
      if (Date.now() > deadline) throw new Error(`no event reached ${topic}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('refuses a logged-out session’s token in feed within 5 s', async () => {
    const { accessToken } = await signIn(h, 'emma.bos');
    expect((await feedMe(accessToken)).status).toBe(200);
    const start = Date.now();
    const logout = await fetch(`${h.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    expect(logout.status).toBe(200);
    expect(await timeUntilRefused(accessToken, start)).toBeLessThan(BUDGET_MS);
  });

  it('refuses tokens without a valid signature in feed', async () => {
    const { accessToken } = await signIn(h, 'lars.dekker');
    const [header, payload] = accessToken.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['employee', 'admin'] })).toString('base64url')}.${accessToken.split('.')[2]}`;
    const res = await feedMe(forged);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });
});
