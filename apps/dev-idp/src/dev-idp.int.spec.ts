import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadDevIdpConfig } from './dev-idp.config';
import { startDevIdp, type DevIdp } from './server';
import { formIn, TestBrowser } from './testing/browser';

type OpenIdClient = typeof import('openid-client');

const REDIRECT_URI = 'http://127.0.0.1:3001/auth/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:3001/';
const SECRET = 'int-test-client-secret';
const SCOPE = 'openid email profile organisation';
const ORGANISATION_FILE = join(__dirname, '../../../deploy/demo/organisation.json');

describe('dev IdP: authorization code flow with PKCE over HTTP', () => {
  let oidc: OpenIdClient;
  let idp: DevIdp;
  let receiver: Server;
  const logoutTokens: string[] = [];
  let client: Awaited<ReturnType<OpenIdClient['discovery']>>;

  beforeAll(async () => {
    oidc = await import('openid-client');
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token');
        if (token) logoutTokens.push(token);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    const config = loadDevIdpConfig({
      DEV_IDP_PORT: '0',
      DEV_IDP_CLIENT_SECRET: SECRET,
      DEV_IDP_REDIRECT_URIS: REDIRECT_URI,
      DEV_IDP_POST_LOGOUT_REDIRECT_URIS: POST_LOGOUT_URI,
      DEV_IDP_BACKCHANNEL_LOGOUT_URI: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/backchannel`,
      DEV_IDP_ORGANISATION_FILE: ORGANISATION_FILE,
    });
    idp = await startDevIdp(config);
    // http issuer on loopback: development only, hence allowInsecureRequests.
    client = await oidc.discovery(new URL(idp.issuer), 'plein', SECRET, undefined, { execute: [oidc.allowInsecureRequests] });
  });

  afterAll(async () => {
    await idp?.close();
    await new Promise((done) => receiver?.close(done));
  });

  /** Starts an authorization request and returns the browser sitting on the login form. */
  async function startLogin(browser: TestBrowser, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      ...extra,
    });
    const { response, url: page } = await browser.follow(url, REDIRECT_URI);
    expect(response.status).toBe(200);
    expect(page.pathname).toMatch(/^\/interaction\/[\w-]+$/);
    const html = await response.text();
    return { verifier, nonce, state, login: formIn(html, /\/login"/), html };
  }

  it('publishes discovery metadata: S256 only, logout endpoints, the organisation scope and claims', () => {
    const metadata = client.serverMetadata();
    expect(metadata.issuer).toBe(idp.issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.end_session_endpoint).toBe(`${idp.issuer}/session/end`);
    expect([metadata.userinfo_endpoint, metadata.jwks_uri, metadata.revocation_endpoint]).toEqual([`${idp.issuer}/me`, `${idp.issuer}/jwks`, `${idp.issuer}/token/revocation`]);
    expect(metadata.backchannel_logout_supported).toBe(true);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'organisation']));
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['department', 'title', 'employee_number', 'preferred_username']));
  });

  it('signs in, exchanges the code with the verifier, validates the ID token nonce, serves userinfo, then logs out', async () => {
    const browser = new TestBrowser();
    const { verifier, nonce, state, login } = await startLogin(browser);
    const done = await browser.follow(new URL(login.action, idp.issuer), REDIRECT_URI, { login: 'camille.laurent@demo.plein.dev', password: 'plein-demo' });
    expect(done.stopped).toBe(true);
    expect(done.url.searchParams.get('state')).toBe(state);

    const tokens = await oidc.authorizationCodeGrant(client, done.url, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'plein',
      sub: '1038',
      nonce,
      email: 'camille.laurent@demo.plein.dev',
      email_verified: true,
      name: 'Camille Laurent',
      given_name: 'Camille',
      family_name: 'Laurent',
      preferred_username: 'camille.laurent@demo.plein.dev',
      department: 'Finance',
      title: 'Financieel Analist',
      employee_number: '1038',
      location: 'Utrecht',
    });
    const userinfo = await oidc.fetchUserInfo(client, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: '1038', department: 'Finance', management_level: 'employee' });

    // The same code cannot be redeemed twice.
    await expect(oidc.authorizationCodeGrant(client, done.url, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state })).rejects.toMatchObject({ error: 'invalid_grant' });

    // RP-initiated logout: confirm page, then back to the client, with a back-channel logout token.
    const endSession = oidc.buildEndSessionUrl(client, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye' });
    const confirm = await browser.request(endSession);
    expect(confirm.status).toBe(200);
    const form = formIn(await confirm.text(), /session\/end\/confirm/);
    const out = await browser.follow(new URL(form.action, idp.issuer), POST_LOGOUT_URI, { ...form.fields, logout: 'yes' });
    expect(out.stopped).toBe(true);
    expect(out.url.searchParams.get('state')).toBe('bye');
    for (let i = 0; i < 50 && logoutTokens.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(logoutTokens).toHaveLength(1);
    const payload = JSON.parse(Buffer.from(logoutTokens[0]!.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ iss: idp.issuer, aud: 'plein', sub: '1038', events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });
    expect(payload.sid).toEqual(expect.any(String));

    // The session is gone: a new authorization request asks for credentials again.
    await startLogin(browser);
  });

  it('refuses a wrong password and an unknown user, staying on the login form', async () => {
    const browser = new TestBrowser();
    const { login } = await startLogin(browser);
    for (const credentials of [
      { login: 'camille.laurent', password: 'wrong-password' },
      { login: 'nobody@demo.plein.dev', password: 'plein-demo' },
    ]) {
      const response = await browser.request(new URL(login.action, idp.issuer), credentials);
      expect(response.status).toBe(401);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('onjuist wachtwoord');
    }
    // Still the same interaction: the right password now completes the flow.
    const done = await browser.follow(new URL(login.action, idp.issuer), REDIRECT_URI, { login: 'Camille.Laurent', password: 'plein-demo' });
    expect(done.url.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('requires PKCE', async () => {
    const browser = new TestBrowser();
    const url = oidc.buildAuthorizationUrl(client, { redirect_uri: REDIRECT_URI, scope: SCOPE, state: 's1', nonce: 'n1' });
    const { url: back, stopped } = await browser.follow(url, REDIRECT_URI);
    expect(stopped).toBe(true);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses an unregistered redirect URI without redirecting to it', async () => {
    const browser = new TestBrowser();
    const url = oidc.buildAuthorizationUrl(client, { redirect_uri: 'http://evil.example/cb', scope: SCOPE, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const { response, stopped } = await browser.follow(url, 'http://evil.example');
    expect(stopped).toBe(false);
    expect(response.status).toBe(400);
  });
});
