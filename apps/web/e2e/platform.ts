/**
 * The whole platform for the web client's browser specs, in this process: identity with the dev
 * IdP, feed, profiles, moderation, notifications and insights (each verifying identity's tokens,
 * AUTH_ISSUER = identity), all on one Kafka topic prefix, each with its own database, profiles
 * on its own Elasticsearch index prefix; the gateway in front of them serving a fresh Vite build of
 * the client (built into a temporary directory while the services boot); headless Chromium.
 *
 *   const p = await startPlatform();            // in beforeAll (allow 180 s)
 *   const page = await p.pageAs('sanne.devries'); // signed in, 360 px wide
 *   await p.expectAccessible(page, 'home');
 *   await p.close();                            // in afterAll
 *
 * close() stops everything and removes what the run left on the servers (databases, topics under
 * the prefix, indices under the index prefix). PLEIN_WEB_DIR names a client build to serve instead
 * of building one (e.g. `dist/apps/web` after `npm run build:web`); PLEIN_CHROMIUM another browser.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningService } from '@plein/shared/platform';
import { callJson, deleteTestIndices, dropTestDatabase, testIsolation } from '@plein/shared/testing';
import { bootstrapFeed } from '../../feed/src/bootstrap';
import { bootstrapGateway } from '../../gateway/src/bootstrap';
import { bootstrapInsights } from '../../insights/src/bootstrap';
import { bootstrapModeration } from '../../moderation/src/bootstrap';
import { bootstrapNotifications } from '../../notifications/src/bootstrap';
import { bootstrapProfiles } from '../../profiles/src/bootstrap';
import { formIn, TestBrowser } from '../../dev-idp/src/testing/browser';
import { DEMO_PASSWORD, freePort, ORGANISATION_FILE, startHarness, waitUntilReady, type Harness } from '../../identity/src/testing/identity-harness';

export { DEMO_PASSWORD };

export const ROOT = join(__dirname, '../../..');
/** Debian's Chromium (tools/dev/browser.sh installs it); PLEIN_CHROMIUM names another build. */
export const CHROMIUM = process.env['PLEIN_CHROMIUM'] ?? '/usr/bin/chromium';
/** How long a page waits for a role, text or response by default. */
export const UI_TIMEOUT = 15_000;

/** The services behind the gateway (`/api/<name>/…`), besides identity. */
export const SERVICES = ['feed', 'profiles', 'moderation', 'notifications', 'insights'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** The roles identity grants (PUT /v1/users/{id}/roles/{role}). */
export type Role = 'employee' | 'moderator' | 'community-manager' | 'admin' | 'hr-legal' | 'insights-viewer';

interface DemoEmployee {
  readonly userName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly department: string;
  readonly managementLevel: string;
  readonly roles: readonly Role[];
}
/** The demo organisation's people (deploy/demo/organisation.json); sign in with the part before `@` and DEMO_PASSWORD. */
export const DEMO_PEOPLE: readonly (DemoEmployee & { readonly login: string; readonly name: string })[] = (
  JSON.parse(readFileSync(ORGANISATION_FILE, 'utf8')) as { employees: DemoEmployee[] }
).employees.map((e) => ({ ...e, login: e.userName.split('@')[0]!, name: `${e.givenName} ${e.familyName}` }));
/** The demo's admin: identity makes them admin at their first sign-in (IDENTITY_BOOTSTRAP_ADMINS). */
export const DEMO_ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!.login;

export interface PlatformOptions {
  /** Extra environment per service (e.g. `{ notifications: { NOTIFICATIONS_STREAM_POLL_MS: '50' } }`). */
  readonly env?: Partial<Record<ServiceName | 'identity' | 'gateway', Record<string, string>>>;
  /** Grant the demo organisation's roles (moderators, community manager) at start; default true. */
  readonly demoRoles?: boolean;
  /**
   * Load the whole demo (deploy/demo: people and groups by SCIM, roles, profiles, groups, posts of
   * every kind, a jam, agenda items, a report) with tools/dev/seed-demo.mjs through the gateway;
   * adds a minute or more. Its people then sign in linked by userName.
   */
  readonly demo?: boolean;
}

/** A signed-in person for seeding through the gateway's API (a cookie-jar session, as the web client has). */
export interface Session {
  readonly login: string;
  /** Identity's id of the person. */
  readonly userId: string;
  /** The Cookie header of the session (plein_session). */
  readonly cookie: string;
}

export interface ApiAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes
  readonly body: any;
  readonly headers: Headers;
}

/** A Playwright page with what went wrong on it so far. */
export type TrackedPage = Page & {
  /** Console errors (CSP violations are reported there) and uncaught exceptions, not failed loads. */
  readonly consoleErrors: string[];
  /** Every answer of 400 or more the page got: `<status> <path>`. */
  readonly failed: string[];
};

export interface PageOptions {
  /** Viewport width in CSS pixels; default 360 (the narrowest phone the client is made for). */
  readonly width?: number;
  readonly height?: number;
  /** Browser locale; default nl-NL (the client's default language is Dutch). */
  readonly locale?: string;
}

export interface Platform {
  /** The gateway's origin, e.g. http://127.0.0.1:41234: the browser and `api` go there. */
  readonly gw: string;
  /** Chromium; launched again when it went away (read it each time, do not keep it). */
  readonly browser: Browser;
  /** identity and the dev IdP (`identity.url`, `identity.idp`, `identity.scim(...)`). */
  readonly identity: Harness;
  /** The running services; `services.feed.url` is the feed's own origin (no gateway, needs a bearer token). */
  readonly services: Readonly<Record<ServiceName, RunningService>>;
  /** The Kafka topic prefix every service uses. */
  readonly prefix: string;
  /** The Elasticsearch index prefix (profiles). */
  readonly indexPrefix: string;
  /** Where the client build is served from. */
  readonly staticDir: string;
  /** Signs `login` in through the gateway (dev IdP); a new session each call. */
  signIn(login: string): Promise<Session>;
  /**
   * One request through the gateway as the session (null: signed out), like the web client's
   * script: same origin, CSRF header, JSON body. Paths start with `/api/<service>/`.
   */
  api(session: Session | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** The browser, launched again first if it went away. */
  liveBrowser(): Promise<Browser>;
  /** A new browser context and page signed in as `login` (null: signed out); not yet navigated. */
  pageAs(login: string | null, options?: PageOptions): Promise<TrackedPage>;
  /** Runs axe-core on the page as it is; throws listing every serious or critical violation. */
  expectAccessible(page: Page, screen: string, options?: { exclude?: string[] }): Promise<void>;
  /** Gives `login` a role (by the demo admin); sessions started afterwards carry it. */
  grantRole(login: string, role: Role): Promise<void>;
  /** Identity's id of `login` (signs them in once, which provisions them). */
  userId(login: string): Promise<string>;
  close(): Promise<void>;
}

const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

/** Boots the platform (about 30-60 s on a loaded machine); call it in beforeAll with a long timeout. */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run tools/dev/browser.sh (or set PLEIN_CHROMIUM)`);
  const given = process.env['PLEIN_WEB_DIR'];
  const staticDir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'plein-web-'));
  const building = given
    ? Promise.resolve()
    : promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error'], {
        cwd: ROOT,
        env: { ...process.env, PLEIN_WEB_OUT_DIR: staticDir },
      }).then(() => undefined);
  // Caught here, awaited below: a failed build must not be an unhandled rejection while services boot.
  const built = building.then(
    () => null,
    (error: unknown) => error,
  );
  const launch = () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  let launched: Promise<Browser | Error> = launch().then(
    (b) => b,
    (error: unknown) => error as Error,
  );

  const shared = testIsolation('web', { elasticsearch: true });
  const prefix = shared.prefix;
  const indexPrefix = shared.indexPrefix;
  const port = await freePort();
  const gw = `http://127.0.0.1:${port}`;
  const env = options.env ?? {};
  const databases: string[] = [];
  const started: { name: string; service: RunningService }[] = [];
  let h: Harness | undefined;
  let gateway: RunningService | undefined;

  const cleanup = async () => {
    await gateway?.close().catch(() => undefined);
    await Promise.all(started.map(({ service }) => service.close().catch(() => undefined)));
    await h?.close().catch(() => undefined);
    const b = await launched;
    if (!(b instanceof Error)) await b.close().catch(() => undefined);
    await built;
    if (!given) rmSync(staticDir, { recursive: true, force: true });
    await Promise.all(databases.map((d) => dropTestDatabase(d).catch(() => undefined)));
    await deleteTestIndices(indexPrefix).catch(() => undefined);
    const admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) });
    } catch {
      // A broker that is away: nothing to delete there now.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  // Once, whoever asks first: afterAll, or a run stopped with Ctrl-C / kill (its topics, databases
  // and indices would otherwise stay on the shared servers; many left behind exhaust the broker's files).
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= cleanup().finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }));
  const onSignal = (signal: NodeJS.Signals): void => {
    void close().finally(() => process.kill(process.pid, signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // A boot on a loaded machine can time out connecting to the servers: try again (a fresh database).
    for (let attempt = 1; !h; attempt++) {
      try {
        h = await startHarness({
          env: {
            KAFKA_TOPIC_PREFIX: prefix,
            OIDC_REDIRECT_URI: `${gw}/auth/callback`,
            OIDC_POST_LOGOUT_REDIRECT_URI: `${gw}/`,
            // The demo load provisions people by SCIM; their first sign-in links by userName (as `npm start` does).
            ...(options.demo ? { OIDC_LINK_EXISTING_BY: 'userName' } : {}),
            AUTH_REDIRECT_ALLOW_LIST: `${gw}/`,
            RATE_LIMIT_LOGIN_PER_MINUTE: '6000',
            IDENTITY_BOOTSTRAP_ADMINS: DEMO_PEOPLE.filter((p) => p.roles.includes('admin'))
              .map((p) => p.userName)
              .join(','),
            ...env.identity,
          },
          idpEnv: { DEV_IDP_REDIRECT_URIS: `${gw}/auth/callback`, DEV_IDP_POST_LOGOUT_REDIRECT_URIS: `${gw}/`, DEV_IDP_BACKCHANNEL_LOGOUT_URI: `${gw}/auth/backchannel-logout` },
          readyWithinMs: 300_000,
        });
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    databases.push(h.database);
    const issuer = h.url;
    const boot = async (name: ServiceName, bootstrap: (o: { env: NodeJS.ProcessEnv; handleSignals: boolean }) => Promise<RunningService>): Promise<RunningService> => {
      // A boot on a loaded machine can time out connecting to the servers: try again (its own database).
      for (let attempt = 1; ; attempt++) {
        const own = testIsolation(name, { elasticsearch: true });
        databases.push(own.database);
        try {
          const service = await bootstrap({
            handleSignals: false,
            env: { ...process.env, ...own.env, KAFKA_TOPIC_PREFIX: prefix, ELASTICSEARCH_INDEX_PREFIX: indexPrefix, AUTH_ISSUER: issuer, ...env[name] },
          });
          started.push({ name, service });
          return service;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    };
    // Two at a time: most of a boot is waiting on the servers, but five side by side time out on a loaded machine.
    const boots: [ServiceName, (o: { env: NodeJS.ProcessEnv; handleSignals: boolean }) => Promise<RunningService>][] = [
      ['feed', bootstrapFeed],
      ['profiles', bootstrapProfiles],
      ['moderation', bootstrapModeration],
      ['notifications', bootstrapNotifications],
      ['insights', bootstrapInsights],
    ];
    const booted = new Map<ServiceName, RunningService>();
    const queue = [...boots];
    // Every boot settles before this goes on, so close() finds each service that started.
    const lanes = await Promise.allSettled(
      [1, 2].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) booted.set(next[0], await boot(next[0], next[1]));
      }),
    );
    const refused = lanes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    const [feed, profiles, moderation, notifications, insights] = SERVICES.map((name) => booted.get(name)!);
    const services = { feed: feed!, profiles: profiles!, moderation: moderation!, notifications: notifications!, insights: insights! };
    gateway = await bootstrapGateway({
      handleSignals: false,
      env: {
        HTTP_PORT: String(port),
        LOG_LEVEL: 'error',
        GATEWAY_STATIC_DIR: staticDir,
        GATEWAY_IDENTITY_URL: h.url,
        ...Object.fromEntries(SERVICES.map((name) => [`GATEWAY_${name.toUpperCase()}_URL`, services[name].url])),
        // Tests and benchmarks make many requests from one address quickly.
        GATEWAY_RATE_LIMIT_PER_MINUTE: '100000',
        GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
        ...env.gateway,
      },
    });
    // Listening is not ready: the revocation feeds, then the processors (consumers, outbox
    // relays, the notifications stream's live tail) start after listen. Not /ready itself: its
    // dependency probes (Kafka within 1.4 s) flap on a loaded machine while everything works.
    await Promise.all(
      SERVICES.map(async (name) => {
        await waitUntilReady(services[name], 300_000);
        await untilRunning(name, services[name], 300_000);
      }),
    );
    const buildError = await built;
    if (buildError) throw buildError;
    const first = await launched;
    if (first instanceof Error) throw first;
    let browser = first;
    /** The browser, launched again if it went away (a crash, or killed from outside during a long boot). */
    const liveBrowser = async (): Promise<Browser> => {
      if (!browser.isConnected()) {
        launched = launch();
        browser = (await launched) as Browser;
      }
      return browser;
    };

    const ids = new Map<string, Promise<string>>();
    const signIn = async (login: string): Promise<Session> => {
      const b = new TestBrowser();
      const first = await b.request(`${gw}/auth/login?return_to=/`);
      if (first.status !== 302) throw new Error(`sign-in of ${login}: /auth/login answered ${first.status}`);
      const toIdp = await b.follow(first.headers.get('location')!, `${gw}/auth/callback`);
      const form = formIn(await toIdp.response.text(), /\/login"/);
      const back = await b.follow(new URL(form.action, h!.idp.issuer), `${gw}/auth/callback`, { login, password: DEMO_PASSWORD });
      if (!back.stopped) throw new Error(`sign-in of ${login}: the dev IdP did not send the browser back (${back.response.status}; a wrong login?)`);
      const done = await b.request(back.url);
      if (done.status !== 303) throw new Error(`sign-in of ${login}: the gateway's callback answered ${done.status}`);
      const cookie = [...(b as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const me = await api({ login, userId: '', cookie }, 'GET', '/api/identity/v1/me');
      if (me.status !== 200) throw new Error(`sign-in of ${login}: /me answered ${me.status}`);
      const userId = (me.body as { id?: string; userId?: string }).id ?? (me.body as { userId: string }).userId;
      if (!ids.has(login)) ids.set(login, Promise.resolve(userId));
      return { login, userId, cookie };
    };
    const api: Platform['api'] = async (session, method, path, body, headers = {}) => {
      const answer = await callJson(gw, method, path, {
        body,
        headers: {
          ...(session ? { cookie: session.cookie } : {}),
          'sec-fetch-site': 'same-origin',
          ...(method === 'GET' || method === 'HEAD' ? {} : { origin: gw, 'x-plein-csrf': '1' }),
          ...headers,
        },
      });
      return { status: answer.status, body: answer.body, headers: answer.headers };
    };
    const userId = (login: string): Promise<string> => {
      let id = ids.get(login);
      if (!id) {
        id = signIn(login).then((s) => s.userId);
        ids.set(login, id);
      }
      return id;
    };
    let adminSession: Promise<Session> | undefined;
    const grantRole = async (login: string, role: Role): Promise<void> => {
      adminSession ??= signIn(DEMO_ADMIN);
      const [admin, id] = await Promise.all([adminSession, userId(login)]);
      const res = await api(admin, 'PUT', `/api/identity/v1/users/${id}/roles/${role}`);
      if (res.status !== 200) throw new Error(`granting ${role} to ${login}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const pageAs = async (login: string | null, o: PageOptions = {}): Promise<TrackedPage> => {
      const context = await (await liveBrowser()).newContext({ viewport: { width: o.width ?? 360, height: o.height ?? 740 }, locale: o.locale ?? 'nl-NL' });
      if (login) {
        const session = await signIn(login);
        await context.addCookies([{ name: 'plein_session', value: /plein_session=([^;]+)/.exec(session.cookie)![1]!, url: gw }]);
      }
      const page = await context.newPage();
      page.setDefaultTimeout(UI_TIMEOUT);
      const consoleErrors: string[] = [];
      const failed: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
      });
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      return Object.assign(page, { consoleErrors, failed });
    };

    if (options.demo) {
      await promisify(execFile)(process.execPath, [join(ROOT, 'tools/dev/seed-demo.mjs')], {
        cwd: ROOT,
        env: { ...process.env, SCIM_BEARER_TOKEN: h.scimToken, IDENTITY_URL: h.url, GATEWAY_URL: gw },
        maxBuffer: 16 * 1024 * 1024,
      });
    } else if (options.demoRoles ?? true) {
      await Promise.all(DEMO_PEOPLE.flatMap((p) => p.roles.filter((r) => r !== 'admin').map((r) => grantRole(p.login, r))));
    }

    return {
      gw,
      get browser() {
        return browser;
      },
      identity: h,
      services,
      prefix,
      indexPrefix,
      staticDir,
      signIn,
      api,
      liveBrowser,
      pageAs,
      expectAccessible,
      grantRole,
      userId,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function untilRunning(name: string, service: RunningService, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !service.processors.running; ) {
    if (Date.now() > deadline) throw new Error(`${name}'s processors did not all start (${service.processors.names.join(', ')})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface AxeNode {
  readonly target: readonly string[];
  readonly html: string;
}
interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly AxeNode[];
}

let axeSource: string | undefined;

/**
 * axe-core on the page as it is now (WCAG 2.x A and AA rules and best practices). The source is
 * evaluated through the DevTools protocol, which the gateway's Content-Security-Policy does not
 * govern (a script tag would be refused). Throws listing each serious or critical violation with
 * its elements; minor and moderate ones are not failures.
 */
export async function expectAccessible(page: Page, screen: string, options: { exclude?: string[] } = {}): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (exclude: string[]) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(exclude.length > 0 ? { exclude: exclude.map((s) => [s]) } : document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  }, options.exclude ?? []);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const listed = serious.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}`).join('\n')}`).join('\n');
    throw new Error(`accessibility of "${screen}" (${page.url()}): ${serious.length} serious or critical axe violation(s)\n${listed}`);
  }
}

/**
 * Nothing on the page wider than its viewport (WCAG reflow: usable at 360 px without scrolling
 * sideways); throws naming the widest elements that stick out.
 */
export async function expectNoOverflow(page: Page, screen: string): Promise<void> {
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: { what: string; right: number }[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 0.5) {
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ').filter(Boolean).join('.')}` : '';
        out.push({ what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} "${(el.textContent ?? '').trim().slice(0, 40)}"`, right: Math.round(box.right) });
      }
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 8) };
  });
  if (found.scrollWidth > found.width) {
    throw new Error(`"${screen}" is ${found.scrollWidth} px wide in a ${found.width} px viewport; sticking out:\n${found.out.map((o) => `  ${o.what} (right edge ${o.right})`).join('\n')}`);
  }
}

/** A random lowercase tag (hashtags, names) no other run uses. */
export const uniqueTag = (prefix = 't'): string => `${prefix}${randomBytes(3).toString('hex')}`;
