import { randomBytes } from 'node:crypto';
import { expectNoOverflow, startPlatform, type Platform, type TrackedPage } from './platform';

const SANNE = 'sanne.devries';
const CAMILLE = 'camille.laurent';

/**
 * The core screens under axe-core (WCAG 2.x A/AA rules; no serious or critical violation) and at
 * 360 px without sideways scrolling: signed out, the home timeline with posts, the organisation
 * timeline, a hashtag timeline, a post page with comments. And the keyboard: the first Tab reaches
 * the skip link, visible; following it, Tab moves through the page's content to the composer
 * without passing the header again.
 */
describe('web client accessibility: core screens under axe, 360 px, keyboard (the whole platform)', () => {
  let p: Platform;
  const tag = `toegankelijk${randomBytes(3).toString('hex')}`;
  const postBody = `Wie helpt mee met de toegankelijkheidstest? #${tag}`;
  let postId: string;
  const comment = `Ik doe mee ${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    const sanne = await p.signIn(SANNE);
    expect((await p.api(sanne, 'PUT', `/api/feed/v1/follows/hashtag/${tag}`)).status).toBe(200);
    const camille = await p.signIn(CAMILLE);
    const posted = await p.api(camille, 'POST', '/api/feed/v1/posts', { kind: 'question', callToAction: { kind: 'answer' }, audience: { kind: 'organisation' }, body: postBody });
    expect(posted.status).toBe(201);
    postId = posted.body.id as string;
    const others = await Promise.all(
      ['Nieuwe koffiemachine op de derde verdieping', 'De jaarcijfers staan online'].map((body) =>
        p.api(camille, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'organisation' }, body: `${body} #${tag}` }),
      ),
    );
    expect(others.map((r) => r.status)).toEqual([201, 201]);
    expect((await p.api(sanne, 'POST', `/api/feed/v1/posts/${postId}/comments`, { body: comment })).status).toBe(201);
  }, 600_000);

  afterAll(async () => {
    await p?.close();
  });

  async function check(page: TrackedPage, screen: string): Promise<void> {
    await p.expectAccessible(page, screen);
    await expectNoOverflow(page, screen);
    expect(page.consoleErrors).toEqual([]);
  }

  it('signed out: the welcome page', async () => {
    const page = await p.pageAs(null);
    await page.goto(`${p.gw}/`);
    await page.getByRole('heading', { level: 1, name: 'Welkom bij Plein' }).waitFor();
    await check(page, 'signed out');
    await page.context().close();
  });

  it('the home timeline with posts, the organisation and a hashtag timeline', async () => {
    const page = await p.pageAs(SANNE);
    await page.goto(`${p.gw}/`);
    await page.getByRole('heading', { level: 1, name: 'Jouw tijdlijn' }).waitFor();
    await page.getByRole('link', { name: postBody }).waitFor();
    await check(page, 'home timeline');

    await page.goto(`${p.gw}/organisation`);
    await page.getByRole('heading', { level: 1, name: 'De hele organisatie' }).waitFor();
    await page.getByRole('link', { name: postBody }).waitFor();
    await check(page, 'organisation timeline');

    await page.goto(`${p.gw}/hashtags/${tag}`);
    await page.getByRole('heading', { level: 1, name: `Berichten met #${tag}` }).waitFor();
    await page.getByRole('article').nth(2).waitFor();
    await check(page, 'hashtag timeline');
    await page.context().close();
  });

  it('a post page with comments', async () => {
    const page = await p.pageAs(SANNE);
    await page.goto(`${p.gw}/posts/${postId}`);
    await page.getByRole('heading', { name: 'Reacties' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: comment }).waitFor();
    await check(page, 'post page');
    // At a desktop width too.
    await page.setViewportSize({ width: 1280, height: 800 });
    await check(page, 'post page (1280 px)');
    await page.context().close();
  });

  it('the axe check itself fails on a serious violation, naming it', async () => {
    const page = await p.pageAs(SANNE);
    await page.goto(`${p.gw}/`);
    await page.getByRole('heading', { level: 1, name: 'Jouw tijdlijn' }).waitFor();
    // A button without an accessible name (axe: button-name, critical), added through the DevTools protocol.
    await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('button'), { id: 'unnamed' })));
    await expect(p.expectAccessible(page, 'home with an unnamed button')).rejects.toThrow(/button-name[\s\S]*#unnamed/);
    await page.context().close();
  });

  it('keyboard: Tab reaches the visible skip link first; after it, Tab goes through the content to the composer', async () => {
    const page = await p.pageAs(SANNE);
    await page.goto(`${p.gw}/`);
    await page.getByRole('link', { name: postBody }).waitFor();

    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { text: el.textContent, href: el.getAttribute('href'), inView: box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.width > 0 };
    });
    expect(skip).toEqual({ text: 'Naar de inhoud', href: '#main', inView: true });

    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // From the content's start, Tab reaches the composer's message field, never leaving <main>.
    const path: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const label = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.textContent ?? '';
        const style = getComputedStyle(el);
        return { inMain: !!el.closest('main'), label: label.trim().slice(0, 40), field: el.tagName === 'TEXTAREA' && label.trim() === 'Bericht', outlined: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
      });
      expect(at.inMain).toBe(true);
      // Focus is visible on every stop.
      expect({ stop: at.label, outlined: at.outlined }).toEqual({ stop: at.label, outlined: true });
      path.push(at.label);
      if (at.field) break;
    }
    expect(path[path.length - 1]).toBe('Bericht');
    await page.context().close();
  });
});
