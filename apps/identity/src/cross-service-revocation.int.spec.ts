import { randomBytes } from 'node:crypto';
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
 * Kafka (outbox relay → identity.*.events.v1 → feed's revocation feed) within the budget.
 */
describe('cross-service token revocation (identity → Kafka → feed)', () => {
  let h: Harness;
  let feed: RunningService;
  const feedDb = `plein_test_feed_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    h = await startHarness();
    feed = await bootstrapFeed({
      handleSignals: false,
      env: {
        ...process.env,
        HTTP_PORT: '0',
        LOG_LEVEL: 'error',
        MONGODB_DB: feedDb,
        SERVICE_NAME: `feed-revocation-${randomBytes(3).toString('hex')}`,
        KAFKA_TOPIC_PREFIX: `t${randomBytes(3).toString('hex')}.`,
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
  });

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
