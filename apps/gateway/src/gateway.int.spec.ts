import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import type { RunningService } from '@plein/shared/platform';
import { bootstrapNotifications } from '../../notifications/src/bootstrap';
import { DEMO_PASSWORD, freePort, startHarness, waitUntilReady, type Harness } from '../../identity/src/testing/identity-harness';
import { formIn, TestBrowser } from '../../dev-idp/src/testing/browser';
import { bootstrapGateway } from './bootstrap';

const CAMILLE = 'camille.laurent';
/** A JWT anywhere (header.payload.signature, base64url of `{"`). */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/**
 * The gateway in process in front of the real identity (with the dev IdP: the browser signs in
 * through the gateway's origin) and the real notifications service (tokens verified against
 * identity's JWKS, revocations over Kafka under one topic prefix), plus a recording stand-in for
 * insights' visits endpoint. The browser is a cookie jar that sees every header and body.
 */
describe('gateway: one origin for the browser (real identity + dev IdP, real notifications)', () => {
  let h: Harness;
  let notifications: RunningService;
  let gateway: RunningService;
  let gw: string;
  let insights: Server;
  const visits: string[] = [];
  const staticDir = mkdtempSync(join(tmpdir(), 'plein-gateway-'));
  const prefix = `t${randomBytes(3).toString('hex')}.`;
  const notificationsDb = `plein_test_gw_notifications_${randomBytes(4).toString('hex')}`;
  /** Every Set-Cookie and body the browser received from the gateway. */
  const seen: { cookies: string[]; bodies: string[]; urls: string[] } = { cookies: [], bodies: [], urls: [] };

  beforeAll(async () => {
    const port = await freePort();
    gw = `http://127.0.0.1:${port}`;
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Plein</title><script src="/app.js"></script>');
    writeFileSync(join(staticDir, 'app.js'), 'console.log("plein");');
    h = await startHarness({
      env: { KAFKA_TOPIC_PREFIX: prefix, OIDC_REDIRECT_URI: `${gw}/auth/callback`, OIDC_POST_LOGOUT_REDIRECT_URI: `${gw}/`, AUTH_REDIRECT_ALLOW_LIST: `${gw}/`, RATE_LIMIT_LOGIN_PER_MINUTE: '600' },
      idpEnv: { DEV_IDP_REDIRECT_URIS: `${gw}/auth/callback`, DEV_IDP_POST_LOGOUT_REDIRECT_URIS: `${gw}/`, DEV_IDP_BACKCHANNEL_LOGOUT_URI: `${gw}/auth/backchannel-logout` },
    });
    notifications = await bootstrapNotifications({
      handleSignals: false,
      env: {
        ...process.env,
        HTTP_PORT: '0',
        LOG_LEVEL: 'error',
        MONGODB_DB: notificationsDb,
        SERVICE_NAME: `notifications-gw${randomBytes(3).toString('hex')}`,
        KAFKA_TOPIC_PREFIX: prefix,
        AUTH_ISSUER: h.url,
        NOTIFICATIONS_STREAM_POLL_MS: '50',
        NOTIFICATIONS_STREAM_HEARTBEAT_MS: '150',
        NOTIFICATIONS_STREAM_MAX_PER_PERSON: '2',
      },
    });
    await waitUntilReady(notifications);
    // Listening is not ready: the processors start after it, one after another (the stream's live
    // tail after the projections, 15-20 s on a loaded machine), and until the tail runs the stream
    // answers 503. As a load balancer would, wait for /ready.
    for (const deadline = Date.now() + 60_000; ; ) {
      const ready = await fetch(`${notifications.url}/ready`);
      await ready.text();
      if (ready.status === 200) break;
      if (Date.now() > deadline) throw new Error('notifications did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    insights = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/v1/insights/visits') visits.push(String(req.headers.authorization));
      res.statusCode = 204;
      res.end();
    });
    await new Promise<void>((resolve) => insights.listen(0, '127.0.0.1', resolve));
    const insightsPort = (insights.address() as { port: number }).port;
    gateway = await bootstrapGateway({
      handleSignals: false,
      env: {
        HTTP_PORT: String(port),
        LOG_LEVEL: 'error',
        GATEWAY_STATIC_DIR: staticDir,
        GATEWAY_MAX_BODY_BYTES: '2048',
        GATEWAY_IDENTITY_URL: h.url,
        GATEWAY_NOTIFICATIONS_URL: notifications.url,
        GATEWAY_INSIGHTS_URL: `http://127.0.0.1:${insightsPort}`,
        // Nothing listens there: a service that is down.
        GATEWAY_FEED_URL: `http://127.0.0.1:${await freePort()}`,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await notifications?.close();
    await h?.close();
    if (insights) await new Promise((resolve) => insights.close(resolve));
    rmSync(staticDir, { recursive: true, force: true });
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: notificationsDb }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    const admin = new Kafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: 0 }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) }).catch(() => undefined);
    await admin.disconnect();
  });

  const jar = (browser: TestBrowser): Map<string, string> => (browser as unknown as { cookies: Map<string, string> }).cookies;
  const cookieOf = (browser: TestBrowser): string => [...jar(browser)].map(([k, v]) => `${k}=${v}`).join('; ');

  /** A request of the web client's script: same origin, the session cookie, the CSRF header on writes. */
  async function call(browser: TestBrowser | null, method: string, path: string, init: { body?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    const res = await fetch(`${gw}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(browser ? { cookie: cookieOf(browser) } : {}), 'sec-fetch-site': 'same-origin', ...(method === 'GET' ? {} : { origin: gw, 'x-plein-csrf': '1' }), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    seen.cookies.push(...res.headers.getSetCookie());
    return res;
  }

  async function text(res: Response): Promise<string> {
    const body = await res.text();
    seen.bodies.push(body);
    return body;
  }

  /** The whole browser sign-in, started at the gateway: the dev IdP's form, then the gateway's callback. */
  async function signIn(login: string): Promise<{ browser: TestBrowser; done: Response }> {
    const browser = new TestBrowser();
    const first = await browser.request(`${gw}/auth/login?return_to=/inbox`);
    expect(first.status).toBe(302);
    seen.cookies.push(...first.headers.getSetCookie());
    const toIdp = await browser.follow(first.headers.get('location')!, `${gw}/auth/callback`);
    const form = formIn(await toIdp.response.text(), /\/login"/);
    const back = await browser.follow(new URL(form.action, h.idp.issuer), `${gw}/auth/callback`, { login, password: DEMO_PASSWORD });
    expect(back.stopped).toBe(true);
    const done = await browser.request(back.url);
    seen.cookies.push(...done.headers.getSetCookie());
    seen.urls.push(back.url.href, done.headers.get('location') ?? '');
    seen.bodies.push(await done.clone().text());
    return { browser, done };
  }

  /** Reads an event stream until `until` matches the text so far (or the time is up). */
  async function readStream(res: Response, until: RegExp, timeoutMs = 5_000): Promise<string> {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let so = '';
    const deadline = Date.now() + timeoutMs;
    while (!until.test(so) && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<{ done: true; value: undefined }>((resolve) => setTimeout(() => resolve({ done: true, value: undefined }), Math.max(1, deadline - Date.now())))]);
      if (next.done) break;
      so += decoder.decode(next.value, { stream: true });
    }
    return so;
  }

  it('signs in through the gateway: the browser holds an HttpOnly SameSite session cookie and never a token', async () => {
    const { browser, done } = await signIn(CAMILLE);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${gw}/inbox`);
    const cookies = done.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('plein_session='))).toMatch(/^plein_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(cookies.some((c) => c.startsWith('plein_refresh='))).toBe(false);
    expect([...jar(browser).keys()]).not.toContain('plein_refresh');
    // identity's token endpoint is not reachable through the gateway: nothing hands a token to script.
    const token = await call(browser, 'POST', '/auth/token', { body: '{}' });
    expect(token.status).toBe(404);
    expect(JSON.parse(await text(token))).toMatchObject({ code: 'GATEWAY.TOKENS_STAY_HERE' });
  });

  it('calls a service through /api/<service>/ with the session; the browser\'s own Authorization is stripped', async () => {
    const { browser } = await signIn(CAMILLE);
    const unread = await call(browser, 'GET', '/api/notifications/v1/notifications/unread-count');
    expect(unread.status).toBe(200);
    expect(JSON.parse(await text(unread))).toEqual({ unread: 0 });
    expect(unread.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect([...unread.headers.values()].join('\n')).not.toMatch(JWT);

    const anonymous = await call(null, 'GET', '/api/notifications/v1/notifications/unread-count');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');

    // A real, valid platform token (the one the gateway sent insights for this person's visit),
    // presented by a browser without a session: the gateway drops it, the service sees no token.
    await waitForVisits(1);
    const stolen = visits[0]!;
    expect(stolen).toMatch(/^Bearer eyJ/);
    const direct = await fetch(`${notifications.url}/v1/notifications/unread-count`, { headers: { authorization: stolen } });
    expect(direct.status).toBe(200);
    const viaGateway = await call(null, 'GET', '/api/notifications/v1/notifications/unread-count', { headers: { authorization: stolen } });
    expect(viaGateway.status).toBe(401);
    expect(JSON.parse(await text(viaGateway))).toMatchObject({ code: 'AUTH.MISSING_TOKEN' });
  });

  it('refuses a cross-site or unproven state-changing request (403) and passes the web client\'s own', async () => {
    const { browser } = await signIn(CAMILLE);
    const crossSite = await call(browser, 'POST', '/api/notifications/v1/notifications/read-all', { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', 'x-plein-csrf': '' } });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(await text(crossSite))).toMatchObject({ status: 403, code: 'GATEWAY.CSRF_REFUSED' });
    // A plain HTML form post from the same site: no custom header.
    const form = await fetch(`${gw}/api/notifications/v1/notifications/read-all`, { method: 'POST', headers: { cookie: cookieOf(browser), 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
    const own = await call(browser, 'POST', '/api/notifications/v1/notifications/read-all');
    expect(own.status).toBe(200);
    const logoutForeign = await fetch(`${gw}/auth/logout`, { method: 'POST', headers: { cookie: cookieOf(browser), origin: 'https://evil.example', 'x-plein-csrf': '1' } });
    expect(logoutForeign.status).toBe(403);
  });

  it('passes Server-Sent Events through unbuffered, forwards Last-Event-ID, and closes upstream when the browser leaves', async () => {
    const { browser } = await signIn(CAMILLE);
    const fresh = new AbortController();
    const stream = await call(browser, 'GET', '/api/notifications/v1/notifications/stream', { headers: { accept: 'text/event-stream' }, signal: fresh.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = await readStream(stream, /: heartbeat\n\n[\s\S]*: heartbeat\n\n/);
    expect(events).toMatch(/^retry: 3000\n\nevent: unread\ndata: \{"unread":0\}\n\n/);
    expect(events.match(/: heartbeat/g)?.length).toBeGreaterThanOrEqual(2);
    fresh.abort();

    const resumed = new AbortController();
    const resume = await call(browser, 'GET', '/api/notifications/v1/notifications/stream', { headers: { 'last-event-id': '0' }, signal: resumed.signal });
    const after = await readStream(resume, /: heartbeat/);
    expect(after).toMatch(/^retry: 3000\n\n: heartbeat/); // resumed: no unread event first
    resumed.abort();
    const bad = await call(browser, 'GET', '/api/notifications/v1/notifications/stream', { headers: { 'last-event-id': 'x' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(await text(bad))).toMatchObject({ errors: [{ field: 'header.Last-Event-ID' }] });

    // At most 2 streams per person: were the left streams still open upstream, the third would be 429.
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      let res = await call(browser, 'GET', '/api/notifications/v1/notifications/stream', { signal: controller.signal });
      for (const deadline = Date.now() + 5_000; res.status === 429 && Date.now() < deadline; ) {
        await res.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 100));
        res = await call(browser, 'GET', '/api/notifications/v1/notifications/stream', { signal: controller.signal });
      }
      expect(res.status).toBe(200);
      controller.abort();
    }
  });

  it('answers every response with the security headers and a request id; serves the web client; problems for unknown services, services down and large bodies', async () => {
    const page = await call(null, 'GET', '/some/client/route', { headers: { 'x-request-id': 'req-abc-123' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/app.js">');
    expect(page.headers.get('x-request-id')).toBe('req-abc-123');
    for (const res of [page, await call(null, 'GET', '/app.js'), await call(null, 'GET', '/api/notifications/v1/notifications'), await call(null, 'GET', '/health')]) {
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
      expect(res.headers.get('strict-transport-security')).toBeNull(); // http here
    }
    const unknown = await call(null, 'GET', '/api/nope/v1/x');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(await text(unknown))).toMatchObject({ code: 'GATEWAY.UNKNOWN_SERVICE' });
    const down = await call(null, 'GET', '/api/feed/v1/posts');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(await text(down))).toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE' });
    const large = await call(null, 'PUT', '/api/notifications/v1/notifications/preferences', { body: JSON.stringify({ x: 'y'.repeat(4096) }) });
    expect(large.status).toBe(413);
    expect(JSON.parse(await text(large))).toMatchObject({ code: 'GATEWAY.PAYLOAD_TOO_LARGE' });
    const missing = await call(null, 'GET', '/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('posts one visit per person per day to insights, whatever the number of page loads and calls', async () => {
    const before = visits.length;
    const { browser } = await signIn('sanne.devries');
    for (let i = 0; i < 3; i++) expect((await call(browser, 'GET', '/api/notifications/v1/notifications/unread-count')).status).toBe(200);
    expect((await call(browser, 'GET', '/')).status).toBe(200);
    await waitForVisits(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(visits.length).toBe(before + 1);
  });

  it('logs out: identity ends the session and the cookie stops working', async () => {
    const { browser } = await signIn(CAMILLE);
    const cookie = cookieOf(browser);
    const before = await call(browser, 'GET', '/api/notifications/v1/notifications/unread-count');
    expect({ status: before.status, body: await text(before) }).toEqual({ status: 200, body: '{"unread":0}' });
    const out = await call(browser, 'POST', '/auth/logout', { headers: { accept: 'application/json' } });
    expect(out.status).toBe(200);
    expect(JSON.parse(await text(out))).toMatchObject({ loggedOut: true });
    expect(out.headers.getSetCookie()).toContain('plein_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    const after = await fetch(`${gw}/api/notifications/v1/notifications/unread-count`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('never showed the browser a token: no JWT or refresh token in a body, URL or cookie, every cookie HttpOnly', () => {
    expect(seen.cookies.length).toBeGreaterThan(0);
    for (const cookie of seen.cookies) expect(cookie).toMatch(/; HttpOnly/);
    expect(seen.cookies.join('\n')).not.toMatch(/plein_refresh|eyJ/);
    expect(seen.bodies.join('\n')).not.toMatch(JWT);
    expect(seen.urls.join('\n')).not.toMatch(JWT);
  });

  async function waitForVisits(count: number): Promise<void> {
    for (const deadline = Date.now() + 5_000; visits.length < count && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(visits.length).toBeGreaterThanOrEqual(count);
  }
});
