import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { moderationRuleTopic } from '@plein/moderation/contracts';
import { prefixedTopicName } from '@plein/shared/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningService } from '@plein/shared/platform';
import { dropTestDatabase, testIsolation, waitFor } from '@plein/shared/testing';
import { bootstrapFeed } from '../../feed/src/bootstrap';
import { bootstrapGateway } from '../../gateway/src/bootstrap';
import { formIn, TestBrowser } from '../../dev-idp/src/testing/browser';
import { DEMO_PASSWORD, freePort, startHarness, waitUntilReady, type Harness } from '../../identity/src/testing/identity-harness';

const ROOT = join(__dirname, '../../..');
/** Debian's Chromium (tools/dev/browser.sh installs it); PLEIN_CHROMIUM names another build. */
const CHROMIUM = process.env['PLEIN_CHROMIUM'] ?? '/usr/bin/chromium';
const SANNE = 'sanne.devries';
const CAMILLE = 'camille.laurent';
const UI_TIMEOUT = 15_000;

/**
 * The web client in a real browser (headless Chromium through playwright-core), built by Vite
 * into a temporary directory and served by the gateway in front of the real identity (with the
 * dev IdP) and the real feed, all in this process on one topic prefix. Drives what a person does
 * first: the signed-out page, sign-in at the IdP, the home timeline with a colleague's post, a
 * new post, its page, a comment; no Content-Security-Policy violation on the way.
 */
describe('web client in a browser (gateway + identity with dev IdP + feed)', () => {
  let h: Harness;
  let feed: RunningService;
  let gateway: RunningService;
  let gw: string;
  let browser: Browser;
  const staticDir = mkdtempSync(join(tmpdir(), 'plein-web-'));
  const feedIsolation = testIsolation('feed');
  const prefix = feedIsolation.prefix;
  const tag = `welkom${randomBytes(3).toString('hex')}`;
  const colleaguePost = `Koffie om drie uur voor iedereen #${tag}`;
  /** A hashtag with more posts than one page (21), for paging; nobody follows it. */
  const pagedTag = `reeks${randomBytes(3).toString('hex')}`;
  const PAGED = 21;
  let camille: TestBrowser;
  /** What the browser's console reported (CSP violations are reported there), other than failed loads. */
  const consoleErrors: string[] = [];
  /** Every answer of 400 or more the page got: `<status> <path>`. */
  const failed: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run tools/dev/browser.sh (or set PLEIN_CHROMIUM)`);
    const building = promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error'], {
      cwd: ROOT,
      env: { ...process.env, PLEIN_WEB_OUT_DIR: staticDir },
    });
    const port = await freePort();
    gw = `http://127.0.0.1:${port}`;
    h = await startHarness({
      env: { KAFKA_TOPIC_PREFIX: prefix, OIDC_REDIRECT_URI: `${gw}/auth/callback`, OIDC_POST_LOGOUT_REDIRECT_URI: `${gw}/`, AUTH_REDIRECT_ALLOW_LIST: `${gw}/`, RATE_LIMIT_LOGIN_PER_MINUTE: '600' },
      idpEnv: { DEV_IDP_REDIRECT_URIS: `${gw}/auth/callback`, DEV_IDP_POST_LOGOUT_REDIRECT_URIS: `${gw}/`, DEV_IDP_BACKCHANNEL_LOGOUT_URI: `${gw}/auth/backchannel-logout` },
    });
    feed = await bootstrapFeed({ handleSignals: false, env: { ...process.env, ...feedIsolation.env, AUTH_ISSUER: h.url } });
    await waitUntilReady(feed);
    gateway = await bootstrapGateway({
      handleSignals: false,
      env: {
        HTTP_PORT: String(port),
        LOG_LEVEL: 'error',
        GATEWAY_STATIC_DIR: staticDir,
        GATEWAY_IDENTITY_URL: h.url,
        GATEWAY_FEED_URL: feed.url,
        GATEWAY_VISITS: 'false',
        // Nothing listens there: the composer works without moderation's etiquette.
        GATEWAY_MODERATION_URL: `http://127.0.0.1:${await freePort()}`,
      },
    });
    const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });

    // A colleague's post that Sanne's home timeline shows: she follows its hashtag (merged on read).
    const sanne = await signInThroughGateway(SANNE);
    expect((await api(sanne, 'PUT', `/api/feed/v1/follows/hashtag/${tag}`)).status).toBe(200);
    camille = await signInThroughGateway(CAMILLE);
    expect((await publish(camille, colleaguePost)).status).toBe(201);
    // More than a page for one hashtag, published at once (their order is not asserted).
    const paged = await Promise.all(Array.from({ length: PAGED }, (_, i) => publish(camille, `Reeks bericht ${i + 1} #${pagedTag}`)));
    expect(paged.map((r) => r.status)).toEqual(Array(PAGED).fill(201));
    await building;
    browser = await launching;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await feed?.close();
    await h?.close();
    rmSync(staticDir, { recursive: true, force: true });
    await dropTestDatabase(feedIsolation.database).catch(() => undefined);
    const admin = new Kafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: 0 }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) }).catch(() => undefined);
    await admin.disconnect();
  });

  const cookieOf = (b: TestBrowser): string => [...(b as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  /** A session for seeding through the API (the cookie-jar browser of the gateway's own int spec). */
  async function signInThroughGateway(login: string): Promise<TestBrowser> {
    const b = new TestBrowser();
    const first = await b.request(`${gw}/auth/login?return_to=/`);
    const toIdp = await b.follow(first.headers.get('location')!, `${gw}/auth/callback`);
    const form = formIn(await toIdp.response.text(), /\/login"/);
    const back = await b.follow(new URL(form.action, h.idp.issuer), `${gw}/auth/callback`, { login, password: DEMO_PASSWORD });
    const done = await b.request(back.url);
    expect(done.status).toBe(303);
    return b;
  }

  async function api(b: TestBrowser, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${gw}${path}`, {
      method,
      headers: { cookie: cookieOf(b), 'x-plein-csrf': '1', origin: gw, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  const publish = (b: TestBrowser, body: string) => api(b, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'organisation' }, body });

  /** A page already signed in as Sanne (a session made through the gateway, its cookie given to the browser). */
  async function signedInPage(): Promise<Page> {
    const page = await newPage();
    const sanne = await signInThroughGateway(SANNE);
    await page.context().addCookies([{ name: 'plein_session', value: cookieOf(sanne).match(/plein_session=([^;]+)/)![1]!, url: gw }]);
    return page;
  }

  async function newPage(): Promise<Page> {
    // 360 px wide: the narrowest phone the client is made for.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'nl-NL' });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    return page;
  }

  it('signs in through the dev IdP, shows the home timeline, publishes a post, opens it and comments', async () => {
    const page = await newPage();
    await page.goto(`${gw}/`);

    // Signed out: a page that says so and a link to the gateway's sign-in.
    await page.getByRole('heading', { name: 'Welkom bij Plein' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('link', { name: 'Inloggen' }).click();

    // The dev IdP's form, then back through the gateway's callback to the client.
    await page.getByLabel('Gebruikersnaam').fill(SANNE);
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { name: 'Jouw tijdlijn' }).waitFor();
    expect(new URL(page.url()).origin).toBe(gw);

    // Home: the colleague's post (followed hashtag), with its hashtag as a link.
    await page.getByRole('link', { name: colleaguePost }).waitFor();
    await page.getByRole('link', { name: `#${tag}` }).first().waitFor();
    // Its author by name (identity's directory), not by id.
    await page.getByRole('article', { name: colleaguePost }).getByText('Camille Laurent').waitFor();
    // Usable at 360 px: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Compose: it appears at the top of the timeline at once.
    const mine = `Eerste bericht vanuit de browser ${randomBytes(3).toString('hex')}`;
    await page.getByLabel('Bericht', { exact: true }).fill(mine);
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    await page.getByRole('status').filter({ hasText: 'Je bericht is geplaatst.' }).waitFor();
    const posted = page.getByRole('link', { name: mine });
    await posted.waitFor();
    expect(await page.getByLabel('Bericht', { exact: true }).inputValue()).toBe('');

    // Open it and comment; the comment is the server's (still there after a reload).
    await posted.click();
    await page.getByRole('heading', { level: 1, name: 'Update' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/posts\/[\w-]+$/);
    await page.getByText(mine).waitFor();
    await page.getByText('Jij', { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: 'Reacties' }).waitFor();
    const comment = `Mooi zo ${randomBytes(3).toString('hex')}`;
    await page.getByLabel('Jouw reactie').fill(comment);
    await page.getByRole('button', { name: 'Reageren', exact: true }).click();
    await page.getByRole('listitem').filter({ hasText: comment }).waitFor();
    await page.reload();
    await page.getByRole('listitem').filter({ hasText: comment }).waitFor();

    // English on request: the lang attribute and the texts follow.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Comments' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // No script, style or connection was refused by the gateway's CSP, and nothing threw.
    expect(consoleErrors).toEqual([]);
    // Only the expected refusals: "who am I" while signed out, and the etiquette (moderation is not running here).
    expect([...new Set(failed)].sort()).toEqual(['401 /api/identity/v1/me', '503 /api/moderation/v1/moderation/etiquette']);
    await page.context().close();
  }, 60_000);

  it('shows a refused post\'s problem next to the message field, announced as invalid', async () => {
    const page = await signedInPage();
    await page.goto(`${gw}/`);
    await page.getByRole('heading', { name: 'Jouw tijdlijn' }).waitFor();
    // An empty post: the feed answers 400 naming body.body; the field shows the message.
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    const field = page.getByLabel('Bericht', { exact: true });
    await page.locator('[aria-invalid="true"]').first().waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    const message = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText();
    expect(message.length).toBeGreaterThan(0);
    // Shown at the field only, not again in a general alert.
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('pages a hashtag timeline as its end scrolls into view', async () => {
    const page = await signedInPage();
    await page.goto(`${gw}/hashtags/${pagedTag}`);
    await page.getByRole('heading', { name: `Berichten met #${pagedTag}` }).waitFor();
    // 20 a page: one of the 21 is not there yet.
    const all = Array.from({ length: PAGED }, (_, i) => `Reeks bericht ${i + 1} #${pagedTag}`);
    await page.getByRole('article').first().waitFor();
    expect(await page.getByRole('article').count()).toBe(20);
    const firstPage = await page.getByRole('article').getByRole('heading').allInnerTexts();
    const missing = all.filter((name) => !firstPage.includes(name));
    expect(missing).toHaveLength(1);
    // Scrolling to the end (not pressing the button) loads the next page.
    await page.getByRole('button', { name: 'Meer berichten laden' }).scrollIntoViewIfNeeded();
    await page.getByRole('link', { name: missing[0] }).waitFor();
    await page.getByText('Je hebt alles gezien.').waitFor();
    expect((await page.getByRole('article').getByRole('heading').allInnerTexts()).sort()).toEqual([...all].sort());
    await page.context().close();
  }, 60_000);

  it('offers the posts that arrived meanwhile when the head of the home timeline changes', async () => {
    const page = await signedInPage();
    // The page's clock, so the 30 s head poll can be stepped instead of waited for.
    await page.clock.install();
    await page.goto(`${gw}/`);
    await page.getByRole('link', { name: colleaguePost }).waitFor();
    const head = () => page.waitForResponse((r) => r.url().includes('/api/feed/v1/timelines/home') && r.url().includes('limit=1'));

    // Nothing new: the poll runs and no indicator shows.
    let polled = head();
    await page.clock.fastForward(31_000);
    await polled;
    expect(await page.getByRole('button', { name: 'Nieuwe berichten: bovenaan tonen' }).count()).toBe(0);

    const later = `Nog een bericht van Camille #${tag} ${randomBytes(3).toString('hex')}`;
    expect((await publish(camille, later)).status).toBe(201);
    expect(await page.getByRole('link', { name: later }).count()).toBe(0);
    polled = head();
    await page.clock.fastForward(31_000);
    await polled;
    await page.getByRole('button', { name: 'Nieuwe berichten: bovenaan tonen' }).click();
    await page.getByRole('link', { name: later }).waitFor();
    expect(await page.getByRole('button', { name: 'Nieuwe berichten: bovenaan tonen' }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it("shows a compose-time rule's public message at the message field when the feed blocks the post", async () => {
    // An organisation rule as moderation's relay publishes it; the feed applies it from its own projection.
    const word = `geheim${randomBytes(3).toString('hex')}`;
    const publicMessage = 'Vertrouwelijke projectnamen horen niet op Plein.';
    const producer = new Kafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const admin = uuidv7();
    const envelope = {
      id: uuidv7(), type: 'moderation.rule.defined', version: 1, source: 'plein/moderation', aggregateType: 'rule', aggregateId: 'organisation', sequence: 1,
      occurredAt: new Date().toISOString(), correlationId: 'web-test', causationId: uuidv7(), actorId: admin,
      data: { ruleId: uuidv7(), name: 'projectnamen', definedBy: admin, scope: { kind: 'organisation' }, matchType: 'keyword', pattern: word, action: 'block', publicMessage },
    } as EventEnvelope;
    await producer.send({ topic: prefixedTopicName(prefix, moderationRuleTopic.name), acks: -1, messages: [encodeEnvelope(envelope)] });
    await producer.disconnect();
    await waitFor('the rule to reach the feed', async () => (await api(camille, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'followers' }, body: `${word}?` })).status === 400, 20_000);

    const page = await signedInPage();
    await page.goto(`${gw}/`);
    await page.getByRole('heading', { name: 'Jouw tijdlijn' }).waitFor();
    const field = page.getByLabel('Bericht', { exact: true });
    await field.fill(`Het project ${word} start maandag`);
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    await page.getByText(publicMessage).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
    const descriptions = await Promise.all(describedBy.filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(descriptions).toContain(publicMessage);
    // Nothing was posted and the text is kept for editing.
    expect(await field.inputValue()).toBe(`Het project ${word} start maandag`);
    expect(await page.getByRole('link', { name: `Het project ${word} start maandag` }).count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
