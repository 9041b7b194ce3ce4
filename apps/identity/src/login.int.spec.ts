import mongoose from 'mongoose';
import { signIn, signInAtIdp, startHarness, type Harness } from './testing/identity-harness';
import { formIn, TestBrowser } from '../../dev-idp/src/testing/browser';

const CAMILLE = 'camille.laurent';

/** The reasons identity logged for refused sign-ins since `from` (log lines never hold tokens or personal data). */
const refusals = (h: Harness, from: number) => h.logs.slice(from).filter((l) => l['msg'] === 'sign-in refused').map((l) => String(l['reason']));

async function problem(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('OpenID Connect sign-in through the dev IdP (real servers, real HTTP)', () => {
  let h: Harness;
  let db: mongoose.Connection;

  beforeAll(async () => {
    // Every sign-in of these tests comes from 127.0.0.1: the default 30 per minute would refuse the
    // later ones (429) when the suite runs fast. The limiter itself: http/rate-limiter.int.spec.ts.
    h = await startHarness({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '600' } });
    db = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: h.database }).asPromise();
  });
  afterAll(async () => {
    await db?.close();
    await h?.close();
  });

  it('signs in with the authorization-code flow, provisions just in time and issues platform tokens', async () => {
    const { browser, callback } = await signInAtIdp(h, CAMILLE, '/welcome');
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    const done = await browser.request(callback);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${h.url}/welcome`);
    const cookies = done.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/plein_refresh=[^;]+; Path=\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(done.headers.get('location')).not.toMatch(/token|code=/);

    const token = await browser.request(`${h.url}/auth/token`, {});
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    const body = (await token.json()) as { access_token: string; token_type: string; expires_in: number; refresh_token?: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(body.refresh_token).toBeUndefined();
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0]!, 'base64url').toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    const jwks = (await (await fetch(`${h.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(header['kid']);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);

    const me = await fetch(`${h.url}/v1/me`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userName: 'camille.laurent@demo.plein.dev', department: 'Finance', title: 'Financieel Analist', managementLevel: 'employee', roles: ['employee'] });
  });

  it('refuses a tampered state and leaves no session behind', async () => {
    const { browser, callback } = await signInAtIdp(h, CAMILLE);
    const from = h.logs.length;
    callback.searchParams.set('state', 'tampered-state');
    const res = await browser.request(callback);
    expect(await problem(res)).toMatchObject({ status: 401, body: { code: 'AUTH.LOGIN_FAILED' } });
    expect(res.headers.getSetCookie().join('\n')).not.toContain('plein_refresh=ey');
    expect((await browser.request(`${h.url}/auth/token`, {})).status).toBe(401);
    expect(refusals(h, from)).toEqual(['state mismatch']);
  });

  it('refuses a replayed callback and a replayed authorization code', async () => {
    const first = await signInAtIdp(h, CAMILLE);
    const loginCookie = (first.browser as unknown as { cookies: Map<string, string> }).cookies.get('plein_login')!;
    expect((await first.browser.request(first.callback)).status).toBe(303);
    const from = h.logs.length;
    // The same callback again, even with the (stolen) login cookie: the transaction was used up.
    expect((await problem(await fetch(first.callback, { headers: { cookie: `plein_login=${loginCookie}` }, redirect: 'manual' }))).status).toBe(401);
    // The used code inside a fresh, valid transaction: the IdP refuses it, so does identity.
    const second = await signInAtIdp(h, CAMILLE);
    const replay = new URL(second.callback);
    replay.searchParams.set('code', first.callback.searchParams.get('code')!);
    expect(await problem(await second.browser.request(replay))).toMatchObject({ status: 401, body: { code: 'AUTH.LOGIN_FAILED' } });
    expect(refusals(h, from)).toEqual(['login transaction replayed', expect.stringContaining('invalid_grant')]);
  });

  it('refuses an ID token whose nonce is not the one the login started with', async () => {
    const { browser, callback } = await signInAtIdp(h, CAMILLE);
    // The transaction lives on the server; make its nonce differ from the one the IdP put in the ID token.
    const updated = await db.collection('identity_login_transactions').updateOne({ state: callback.searchParams.get('state') }, { $set: { nonce: 'another-nonce' } });
    expect(updated.modifiedCount).toBe(1);
    const from = h.logs.length;
    expect(await problem(await browser.request(callback))).toMatchObject({ status: 401, body: { code: 'AUTH.LOGIN_FAILED' } });
    expect(refusals(h, from)).toEqual([expect.stringMatching(/claim nonce$/)]);
  });

  it('refuses an open redirect before contacting the IdP', async () => {
    const res = await new TestBrowser().request(`${h.url}/auth/login?return_to=${encodeURIComponent('https://evil.example.org/')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.json()).toMatchObject({ code: 'AUTH.REDIRECT_NOT_ALLOWED' });
  });

  it('rotates refresh tokens and revokes the session when a used one comes back', async () => {
    const { callback, browser } = await signInAtIdp(h, 'sven.prins');
    await browser.request(callback);
    const cookie = /plein_refresh=([^;]+)/.exec((await browser.request(`${h.url}/auth/token`, {})).headers.getSetCookie().join(';'))![1]!;
    const post = (refresh: string) => fetch(`${h.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refresh }) });
    const rotated = (await (await post(cookie)).json()) as { refresh_token: string; access_token: string };
    expect(rotated.refresh_token).not.toBe(cookie);
    expect(await problem(await post(cookie))).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_REFRESH_TOKEN' } });
    // Reuse revoked the whole session: the rotated token is dead too.
    expect((await post(rotated.refresh_token)).status).toBe(401);
  });

  it('logs out: the session ends and the browser goes to the IdP end-session endpoint without a token in the URL', async () => {
    const { browser, accessToken } = await signIn(h, 'julia.hoekstra');
    const res = await fetch(`${h.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    expect(res.status).toBe(200);
    const { redirectTo } = (await res.json()) as { redirectTo: string };
    const url = new URL(redirectTo);
    expect(url.origin + url.pathname).toBe(`${h.idp.issuer}/session/end`);
    expect(url.searchParams.get('client_id')).toBe('plein');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${h.url}/`);
    expect(url.searchParams.has('id_token_hint')).toBe(false);
    expect((await browser.request(`${h.url}/auth/token`, {})).status).toBe(401);
    const confirm = await browser.request(url);
    expect(confirm.status).toBe(200);
  });

  it('ends Plein sessions when the IdP sends a back-channel logout', async () => {
    const { browser, accessToken } = await signIn(h, 'laura.willemsen');
    const sessionId = ((await (await fetch(`${h.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { sessionId: string }).sessionId;
    // Log out at the IdP directly (as another application of the organisation would).
    const end = new URL(`${h.idp.issuer}/session/end`);
    end.searchParams.set('client_id', 'plein');
    const confirm = await browser.request(end);
    const form = formIn(await confirm.text(), /session\/end\/confirm/);
    await browser.follow(new URL(form.action, h.idp.issuer), `${h.url}/`, { ...form.fields, logout: 'yes' });
    const sessions = db.collection('identity_sessions');
    for (let i = 0; i < 50 && (await sessions.findOne({ _id: sessionId as never }))?.['status'] !== 'revoked'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await sessions.findOne({ _id: sessionId as never })).toMatchObject({ status: 'revoked', revokedReason: 'logout' });
    expect((await browser.request(`${h.url}/auth/token`, {})).status).toBe(401);
    const stream = await db.collection('identity_streams').findOne({ _id: `session-${sessionId}` as never });
    expect(stream?.['events']).toEqual([expect.objectContaining({ type: 'identity.session.revoked', data: expect.objectContaining({ reason: 'logout' }) })]);
  });

  it('does not hand a first sign-in an existing account by its editable username (no opt-in): 401, logged, not linked', async () => {
    const userName = 'ingrid.post@demo.plein.dev';
    const created = await h.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, emails: [{ value: userName, primary: true }] });
    expect(created.status).toBe(201);
    const { browser, callback } = await signInAtIdp(h, 'ingrid.post');
    const from = h.logs.length;
    expect(await problem(await browser.request(callback))).toMatchObject({ status: 401, body: { code: 'AUTH.LOGIN_FAILED' } });
    expect(refusals(h, from)).toEqual([expect.stringContaining('not linked')]);
    expect(await db.collection('identity_login_links').countDocuments({ userId: created.body['id'] })).toBe(0);
  });

  it('refuses a back-channel logout token that is forged', async () => {
    const res = await fetch(`${h.url}/auth/backchannel-logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'logout_token=eyJhbGciOiJIUzI1NiJ9.e30.x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('OpenID Connect sign-in with short-lived ID tokens', () => {
  let h: Harness;

  beforeAll(async () => {
    // The IdP issues ID tokens valid for 1 s; identity's clock is 5 s ahead of the IdP's, as if the
    // token took that long to arrive. No tolerance: the ID token is expired when it is validated.
    h = await startHarness({ idpEnv: { DEV_IDP_ID_TOKEN_TTL_SECONDS: '1' }, env: { OIDC_CLOCK_TOLERANCE_SECONDS: '0', OIDC_CLOCK_SKEW_SECONDS: '5' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses an ID token that has expired by the time the code is redeemed', async () => {
    const { browser, callback } = await signInAtIdp(h, CAMILLE);
    const res = await browser.request(callback);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'AUTH.LOGIN_FAILED' });
    // Refused for the expiry, not for anything else.
    expect(refusals(h, 0)).toEqual([expect.stringMatching(/claim exp$/)]);
  });
});
