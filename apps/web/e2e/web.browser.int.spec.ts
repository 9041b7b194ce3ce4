import { randomBytes } from 'node:crypto';
import { waitFor } from '@plein/shared/testing';
import { DEMO_PASSWORD, DEMO_ADMIN, startPlatform, type Platform, type Session, type TrackedPage } from './platform';

const SANNE = 'sanne.devries';
const CAMILLE = 'camille.laurent';

/**
 * The web client in a real browser (headless Chromium through playwright-core), built by Vite
 * and served by the gateway in front of the whole platform (./platform.ts: identity with the dev
 * IdP, feed, profiles, moderation, notifications, insights), all in this process on one topic
 * prefix. Drives what a person does first: the signed-out page, sign-in at the IdP, the home
 * timeline with a colleague's post, a new post, its page, a comment; no Content-Security-Policy
 * violation on the way.
 */
describe('web client in a browser (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  const tag = `welkom${randomBytes(3).toString('hex')}`;
  const colleaguePost = `Koffie om drie uur voor iedereen #${tag}`;
  /** A hashtag with more posts than one page (21), for paging; nobody follows it. */
  const pagedTag = `reeks${randomBytes(3).toString('hex')}`;
  const PAGED = 21;
  let camille: Session;

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    gw = p.gw;
    // A colleague's post that Sanne's home timeline shows: she follows its hashtag (merged on read).
    const sanne = await p.signIn(SANNE);
    expect((await p.api(sanne, 'PUT', `/api/feed/v1/follows/hashtag/${tag}`)).status).toBe(200);
    camille = await p.signIn(CAMILLE);
    expect((await publish(camille, colleaguePost)).status).toBe(201);
    // More than a page for one hashtag, published at once (their order is not asserted).
    const paged = await Promise.all(Array.from({ length: PAGED }, (_, i) => publish(camille, `Reeks bericht ${i + 1} #${pagedTag}`)));
    expect(paged.map((r) => r.status)).toEqual(Array(PAGED).fill(201));
  }, 600_000);

  afterAll(async () => {
    await p?.close();
  });

  const publish = (s: Session, body: string) => p.api(s, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'organisation' }, body });

  /** A page already signed in as Sanne (a session made through the gateway, its cookie given to the browser). */
  const signedInPage = (): Promise<TrackedPage> => p.pageAs(SANNE);

  it('signs in through the dev IdP, shows the home timeline, publishes a post, opens it and comments', async () => {
    const page = await p.pageAs(null);
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
    expect(page.consoleErrors).toEqual([]);
    // Only the expected refusal: "who am I" while signed out.
    expect([...new Set(page.failed)].sort()).toEqual(['401 /api/identity/v1/me']);
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
    // An organisation rule, defined by an administrator at moderation; the feed applies it from the rule events.
    const word = `geheim${randomBytes(3).toString('hex')}`;
    const publicMessage = 'Vertrouwelijke projectnamen horen niet op Plein.';
    const admin = await p.signIn(DEMO_ADMIN);
    const rule = await p.api(admin, 'POST', '/api/moderation/v1/moderation/rules', { name: 'projectnamen', matchType: 'keyword', pattern: word, action: 'block', publicMessage });
    expect(rule.status).toBe(201);
    await waitFor('the rule to reach the feed', async () => (await p.api(camille, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'followers' }, body: `${word}?` })).status === 400, 20_000);

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
