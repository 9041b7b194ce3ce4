/**
 * Real servers for identity's integration tests (never built): the development IdP and the
 * identity service in-process on free ports, a fresh database per harness, and small HTTP clients.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SCIM_ERROR_SCHEMA, SCIM_SCHEMAS } from '@plein/identity/domain';
import type { RunningService } from '@plein/shared/platform';
import { RevocationFeed } from '@plein/shared/auth';
import { JsonLogger } from '@plein/shared/observability';
import { perSuite } from '@plein/shared/testing';
import { loadDevIdpConfig } from '../../../dev-idp/src/dev-idp.config';
import { startDevIdp, type DevIdp } from '../../../dev-idp/src/server';
import { formIn, TestBrowser } from '../../../dev-idp/src/testing/browser';
import { bootstrapIdentity } from '../bootstrap';

export const ORGANISATION_FILE = join(__dirname, '../../../../deploy/demo/organisation.json');
export const DEMO_PASSWORD = 'plein-demo';
export const SCIM_CONTENT = 'application/scim+json';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Harness {
  readonly idp: DevIdp;
  readonly identity: RunningService;
  readonly url: string;
  readonly scimToken: string;
  readonly database: string;
  readonly clientSecret: string;
  scim(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra environment for identity. */
  readonly env?: Record<string, string>;
  /** Extra dev IdP settings (e.g. DEV_IDP_ID_TOKEN_TTL_SECONDS). */
  readonly idpEnv?: Record<string, string>;
  /** How long identity may take to become ready after listening (default 30 s; more on a loaded machine). */
  readonly readyWithinMs?: number;
}

export interface Harness {
  /** identity's log lines (warn and above), parsed. */
  readonly logs: Record<string, unknown>[];
}

/** The SCIM URNs the specs send and expect, from the domain's own lists. */
export const SCIM_URNS = {
  USER: SCIM_SCHEMAS.user,
  GROUP: SCIM_SCHEMAS.group,
  ENTERPRISE_USER: SCIM_SCHEMAS.enterpriseUser,
  PATCH_OP: SCIM_SCHEMAS.patchOp,
  ERROR: SCIM_ERROR_SCHEMA,
} as const;

export interface SuiteHarness {
  /** The harness of the enclosing describe; started before its first test. */
  readonly h: Harness;
  /** A name no other test or run uses: `${prefix}-<time>-<counter>`. */
  unique(prefix: string): string;
}

/** One harness for the enclosing describe: started in beforeAll, closed in afterAll. */
export function harnessPerSuite(options: HarnessOptions = {}): SuiteHarness {
  const suite = perSuite(() => startHarness(options), 'harness');
  let n = 0;
  return {
    get h(): Harness {
      return suite.current;
    },
    unique: (prefix) => `${prefix}-${Date.now().toString(36)}-${++n}`,
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const idp = await startDevIdp(
    loadDevIdpConfig({
      DEV_IDP_PORT: '0',
      DEV_IDP_CLIENT_SECRET: clientSecret,
      DEV_IDP_REDIRECT_URIS: `${url}/auth/callback`,
      DEV_IDP_POST_LOGOUT_REDIRECT_URIS: `${url}/`,
      DEV_IDP_BACKCHANNEL_LOGOUT_URI: `${url}/auth/backchannel-logout`,
      DEV_IDP_ORGANISATION_FILE: ORGANISATION_FILE,
      ...options.idpEnv,
    }),
  );
  const scimToken = randomBytes(36).toString('base64url');
  const database = `plein_test_${randomBytes(5).toString('hex')}`;
  let identity: RunningService;
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ service: 'identity', level: 'warn', write: (line) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  try {
    identity = await bootstrapIdentity({
      handleSignals: false,
      logger,
      env: {
        ...pick(['KAFKA_BROKERS', 'MONGODB_URI', 'PATH']),
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        MONGODB_DB: database,
        IDENTITY_PUBLIC_URL: url,
        SCIM_BEARER_TOKEN: scimToken,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_SECRET: clientSecret,
        OIDC_SCOPES: 'openid email profile organisation',
        IDENTITY_KAFKA_PROJECTIONS: 'false',
        ...options.env,
      },
    });
  } catch (error) {
    await idp.close();
    throw error;
  }
  const readyWithinMs = options.readyWithinMs ?? 30_000;
  try {
    await waitUntilReady(identity, readyWithinMs);
    for (const deadline = Date.now() + readyWithinMs; !identity.processors.running; ) {
      if (Date.now() > deadline) throw new Error(`identity processors did not start (${identity.processors.names.join(', ')})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    // Nothing left running when the harness does not start.
    await identity.close().catch(() => undefined);
    await idp.close().catch(() => undefined);
    throw error;
  }
  const scim: Harness['scim'] = async (method, path, body, headers = {}) => {
    const res = await fetch(`${url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${scimToken}`, accept: SCIM_CONTENT, ...(body !== undefined ? { 'content-type': SCIM_CONTENT } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  };
  return {
    idp,
    identity,
    url,
    scimToken,
    database,
    clientSecret,
    logs,
    scim,
    async close() {
      await identity.close();
      await idp.close();
      const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

/** Until the service's revocation deny-list has caught up (its guard answers 503 before). */
export async function waitUntilReady(service: RunningService, timeoutMs = 30_000): Promise<void> {
  const feed = service.app.get(RevocationFeed);
  const deadline = Date.now() + timeoutMs;
  while (!feed.ready) {
    if (Date.now() > deadline) throw new Error('the revocation feed did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pick = (names: string[]): Record<string, string> => Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]!]] : [])));

export interface LoginResult {
  readonly browser: TestBrowser;
  /** Where the IdP sent the browser back (identity's callback URL with code and state). */
  readonly callback: URL;
}

/** Runs the browser part of the authorization-code flow up to identity's callback (not followed). */
export async function signInAtIdp(harness: Harness, login: string, returnTo?: string): Promise<LoginResult> {
  const browser = new TestBrowser();
  const start = new URL('/auth/login', harness.url);
  if (returnTo) start.searchParams.set('return_to', returnTo);
  const first = await browser.request(start);
  if (first.status !== 302) throw new Error(`login start answered ${first.status}: ${await first.text()}`);
  const toIdp = await browser.follow(first.headers.get('location')!, `${harness.url}/auth/callback`);
  if (toIdp.response.status !== 200) throw new Error(`IdP answered ${toIdp.response.status}`);
  const form = formIn(await toIdp.response.text(), /\/login"/);
  const back = await browser.follow(new URL(form.action, harness.idp.issuer), `${harness.url}/auth/callback`, { login, password: DEMO_PASSWORD });
  if (!back.stopped) throw new Error(`the IdP did not redirect back (status ${back.response.status})`);
  return { browser, callback: back.url };
}

/** The whole login: IdP, callback, then the refresh cookie exchanged for an access token. */
export async function signIn(harness: Harness, login: string): Promise<{ browser: TestBrowser; accessToken: string }> {
  const { browser, callback } = await signInAtIdp(harness, login);
  const done = await browser.request(callback);
  if (done.status !== 303) throw new Error(`callback answered ${done.status}: ${await done.text()}`);
  const token = await browser.request(`${harness.url}/auth/token`, {});
  if (token.status !== 200) throw new Error(`token answered ${token.status}: ${await token.text()}`);
  return { browser, accessToken: ((await token.json()) as { access_token: string }).access_token };
}
