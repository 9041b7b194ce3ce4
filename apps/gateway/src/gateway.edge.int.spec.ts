import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningService } from '@plein/shared/platform';
import { bootstrapGateway } from './bootstrap';
import { IdentityUnavailableError, type RefreshedTokens } from './session/token-broker';

const jwt = (sub: string): string => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`;

/**
 * The gateway alone in front of a stand-in service (which also plays identity's callback), with
 * the token renewal replaced: rate limits per person and per address, one renewal for concurrent
 * calls, identity down, request ids. No shared servers: runs in about a second.
 */
describe('gateway edge: limits, renewal and request ids (stand-in services)', () => {
  let gateway: RunningService;
  let service: Server;
  const received: IncomingHttpHeaders[] = [];
  const refreshes: string[] = [];
  const addresses: (string | undefined)[] = [];
  let identityDown = false;

  beforeAll(async () => {
    service = createServer((req, res) => {
      received.push(req.headers);
      if (req.url?.startsWith('/auth/callback')) {
        const person = new URL(req.url, 'http://x').searchParams.get('person') ?? 'p';
        res.writeHead(303, { location: '/', 'set-cookie': [`plein_refresh=refresh-of-${person}; Path=/auth; Max-Age=3600; HttpOnly; SameSite=Strict`, 'plein_login=; Path=/auth; Max-Age=0; HttpOnly'] });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
    service.listen(0, '127.0.0.1');
    await once(service, 'listening');
    const url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    gateway = await bootstrapGateway({
      handleSignals: false,
      env: { HTTP_PORT: '0', LOG_LEVEL: 'fatal', GATEWAY_IDENTITY_URL: url, GATEWAY_FEED_URL: url, GATEWAY_RATE_LIMIT_PER_MINUTE: '5', GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '6', GATEWAY_VISITS: 'false' },
      refresher: async (refreshToken, clientAddress): Promise<RefreshedTokens> => {
        refreshes.push(refreshToken);
        addresses.push(clientAddress);
        if (identityDown) throw new IdentityUnavailableError();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { accessToken: jwt(refreshToken.replace('refresh-of-', '')), expiresInSeconds: 300, refreshToken: `${refreshToken}+`, refreshExpiresInSeconds: 3600 };
      },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    service.closeAllConnections();
    await new Promise((resolve) => service.close(resolve));
  });

  async function sessionOf(person: string): Promise<string> {
    const res = await fetch(`${gateway.url}/auth/callback?person=${person}&code=c&state=s`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('plein_session='));
    expect(res.headers.getSetCookie().join()).not.toContain('refresh-of');
    return cookie!.split(';')[0]!;
  }

  it('renews the access token once for concurrent calls of a session and sends it as Bearer', async () => {
    const cookie = await sessionOf('ann');
    const from = received.length;
    const answers = await Promise.all([1, 2, 3].map(() => fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(refreshes.filter((r) => r.startsWith('refresh-of-ann'))).toEqual(['refresh-of-ann']);
    // identity limits renewals per browser address (it trusts the gateway's X-Forwarded-For), not per gateway.
    expect(addresses[0]).toMatch(/127\.0\.0\.1$/);
    expect(received.slice(from).map((h) => h.authorization)).toEqual([`Bearer ${jwt('ann')}`, `Bearer ${jwt('ann')}`, `Bearer ${jwt('ann')}`]);
    expect(received.slice(from).every((h) => h.cookie === undefined)).toBe(true);
  });

  it('limits each person on their own and answers 429 with Retry-After', async () => {
    const bob = await sessionOf('bob');
    const cid = await sessionOf('cid');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie: bob } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie: bob } });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'PLATFORM.RATE_LIMITED' });
    expect((await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie: cid } })).status).toBe(200);
  });

  it('answers 503 while identity cannot renew a due token, keeping the session; clears the cookie of an unknown session', async () => {
    const cookie = await sessionOf('eve');
    identityDown = true;
    const down = await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie } });
    identityDown = false;
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'GATEWAY.IDENTITY_UNAVAILABLE' });
    const back = await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie } });
    expect(back.status).toBe(200);
    expect(received.at(-1)?.authorization).toBe(`Bearer ${jwt('eve')}`);
    const unknown = await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie: `plein_session=${'a'.repeat(43)}` } });
    expect(unknown.headers.getSetCookie()).toContain('plein_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    expect(received.at(-1)?.authorization).toBeUndefined();
  });

  it('passes a plain X-Request-Id through to the service and back, and makes one for a missing or odd one', async () => {
    const cookie = await sessionOf('dee');
    const from = received.length;
    const given = await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie, 'x-request-id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    expect(received.at(from)).toMatchObject({ 'x-request-id': 'req-42', 'x-correlation-id': 'req-42' });
    const odd = await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie, 'x-request-id': 'a b\u00e9' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('limits calls without a session per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${gateway.url}/api/feed/v1/x`)).status);
    // 6 per minute, one of them spent by the unknown session's call above.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // A signed-in person is counted on their own budget, not the address's.
    expect((await fetch(`${gateway.url}/api/feed/v1/x`, { headers: { cookie: await sessionOf('fay') } })).status).toBe(200);
  });
});
