import { startHarness, type Harness } from '../testing/identity-harness';

/** GET /auth/login (2 per minute per client here) as sent from this test process (peer 127.0.0.1). */
const login = async (h: Harness, forwardedFor?: string): Promise<number> =>
  (await fetch(`${h.url}/auth/login`, { redirect: 'manual', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} })).status;

describe('rate limiting by client address behind a proxy (real HTTP)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('by default trusts no proxy: X-Forwarded-For is ignored and the bucket is the peer', async () => {
    h = await startHarness({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2' } });
    expect(await login(h, '198.51.100.1')).toBe(302);
    expect(await login(h, '198.51.100.2')).toBe(302);
    // A third "client" is the same peer: refused, so a spoofed header cannot mint fresh buckets.
    const res = await fetch(`${h.url}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-for': '198.51.100.3' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('behind a trusted proxy (HTTP_TRUSTED_PROXIES) the bucket is the forwarded client', async () => {
    h = await startHarness({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2', HTTP_TRUSTED_PROXIES: '127.0.0.1/8,::1' } });
    // Three clients through the same proxy: each has its own bucket.
    expect(await login(h, '198.51.100.1')).toBe(302);
    expect(await login(h, '198.51.100.2')).toBe(302);
    expect(await login(h, '198.51.100.3')).toBe(302);
    // One client over its limit is refused, the others are not; the client's own spoofed entry
    // in front of the proxy's does not help it (the right-most untrusted address counts).
    expect(await login(h, '198.51.100.1')).toBe(302);
    expect(await login(h, '203.0.113.9, 198.51.100.1')).toBe(429);
    expect(await login(h, '198.51.100.2')).toBe(302);
  });
});
