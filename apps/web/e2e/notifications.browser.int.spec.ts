import type { Locator } from 'playwright-core';
import { DEMO_PEOPLE, startPlatform, uniqueTag, type Platform, type Session } from './platform';

const SANNE = 'sanne.devries';
const CAMILLE = 'camille.laurent';
const BELL = /^Meldingen \((\d+) ongelezen\)$/;
/** The count in the bell's name (its text also holds the badge's digits after it). */
const countOf = async (bell: Locator): Promise<number> => Number(/^Meldingen \((\d+) ongelezen\)/.exec((await bell.textContent()) ?? '')![1]);

/**
 * The notifications area in a real browser in front of the whole platform (./platform.ts): Sanne's
 * bell counts Camille's answer to her question live (no reload), the inbox names it and opens the
 * post (which marks it read), Sanne accepts the answer and Camille's bell counts that live; a
 * preference survives a reload, and push on a browser without a reachable push service says so
 * instead of failing (the service worker is installed from the gateway all the same).
 */
describe('notifications in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let sanne: Session;
  let questionId: string;
  const run = uniqueTag('n');
  const camilleName = DEMO_PEOPLE.find((person) => person.login === CAMILLE)!.name;
  const sanneName = DEMO_PEOPLE.find((person) => person.login === SANNE)!.name;
  const answerText = `Gebruik de sneltoets ${run}, dat scheelt veel tijd.`;

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    gw = p.gw;
    sanne = await p.signIn(SANNE);
    const question = await p.api(sanne, 'POST', '/api/feed/v1/posts', {
      kind: 'question',
      callToAction: { kind: 'answer' },
      audience: { kind: 'organisation' },
      title: `Hoe doe jij dat ${run}?`,
      body: 'Hoe vul ik mijn uren het snelst in?',
    });
    expect(question.status).toBe(201);
    questionId = question.body.id;
  }, 600_000);

  afterAll(async () => {
    await p?.close();
  });

  it("counts Camille's answer on Sanne's bell live, names it in the inbox and opens the post (marking it read); her accepting it counts live on Camille's bell", async () => {
    const page = await p.pageAs(SANNE);
    // The stream's answer comes once the service has registered it: what is written from then on is sent live.
    const streamOpen = page.waitForResponse((res) => res.url().endsWith('/api/notifications/v1/notifications/stream') && res.status() === 200);
    await page.goto(`${gw}/`);
    const bell = page.getByRole('link', { name: BELL });
    await bell.waitFor();
    await streamOpen;
    const before = await countOf(bell);

    const answerer = await p.pageAs(CAMILLE);
    const answererStream = answerer.waitForResponse((res) => res.url().endsWith('/api/notifications/v1/notifications/stream') && res.status() === 200);
    await answerer.goto(`${gw}/posts/${questionId}`);
    const answererBell = answerer.getByRole('link', { name: BELL });
    await answererBell.waitFor();
    await answererStream;
    const answererBefore = await countOf(answererBell);
    await answerer.getByRole('textbox', { name: 'Jouw reactie' }).fill(answerText);
    await answerer.getByRole('button', { name: 'Reageren' }).click();
    await answerer.getByText(answerText).waitFor();

    // Live: the same page, no reload.
    await page.getByRole('link', { name: `Meldingen (${before + 1} ongelezen)` }).waitFor();
    await page.getByRole('status').filter({ hasText: `Nieuwe melding: ${camilleName} beantwoordde je vraag` }).waitFor();

    await page.getByRole('link', { name: `Meldingen (${before + 1} ongelezen)` }).click();
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: answerText });
    await item.getByText('Ongelezen').waitFor();
    const open = item.getByRole('link', { name: `${camilleName} beantwoordde je vraag` });
    await open.waitFor();
    await p.expectAccessible(page, 'notifications inbox');

    // A new item while the inbox is open goes to its top, live.
    const camille = await p.signIn(CAMILLE);
    expect((await p.api(camille, 'PUT', `/api/feed/v1/posts/${questionId}/reaction`, { kind: 'like' })).status).toBeLessThan(300);
    await page.locator('ul.inbox-list > li').first().getByText(`${camilleName} reageerde met een emotie op je bijdrage`).waitFor();
    await page.getByRole('link', { name: `Meldingen (${before + 2} ongelezen)` }).waitFor();

    await open.click();
    await page.waitForURL((url) => url.pathname === `/posts/${questionId}` && url.hash.startsWith('#comment-'));
    await page.getByText(answerText).waitFor();
    // Opening it marked it read: the bell follows without a reload.
    await page.getByRole('link', { name: `Meldingen (${before + 1} ongelezen)` }).waitFor();
    const inbox = await p.api(sanne, 'GET', '/api/notifications/v1/notifications?limit=10');
    const items = inbox.body.items as { type: string; read: boolean }[];
    expect(items.find((i) => i.type === 'answer')).toMatchObject({ read: true });
    expect(items.find((i) => i.type === 'reaction')).toMatchObject({ read: false });

    // Sanne accepts the answer on the post page; Camille, still on it, hears of it on her bell live.
    const answer = page.getByRole('listitem').filter({ hasText: answerText });
    await answer.getByRole('button', { name: 'Antwoord accepteren' }).click();
    await answer.getByText('Geaccepteerd antwoord').waitFor();
    await answerer.getByRole('link', { name: `Meldingen (${answererBefore + 1} ongelezen)` }).waitFor();
    await answerer.getByRole('link', { name: `Meldingen (${answererBefore + 1} ongelezen)` }).click();
    await answerer.getByRole('link', { name: `${sanneName} accepteerde je antwoord` }).waitFor();

    expect(page.consoleErrors).toEqual([]);
    expect(answerer.consoleErrors).toEqual([]);
    await answerer.context().close();
    await page.context().close();
  }, 120_000);

  it('shows a refused time zone at its field, keeps a saved preference after a reload, and says push cannot work where the browser has no push service', async () => {
    const page = await p.pageAs(SANNE);
    await page.context().grantPermissions(['notifications'], { origin: gw });
    await page.goto(`${gw}/settings/notifications`);
    await page.getByRole('heading', { level: 1, name: 'Instellingen voor meldingen' }).waitFor();
    const answers = page.getByRole('group', { name: 'Antwoorden op je vragen' });
    const digest = answers.getByRole('checkbox', { name: 'E-mail in de samenvatting' });
    expect(await digest.isChecked()).toBe(true);
    await p.expectAccessible(page, 'notification settings');

    // The checkbox's input is visually hidden (react-aria); a person clicks its label.
    await answers.locator('label').filter({ hasText: 'E-mail in de samenvatting' }).click();
    expect(await digest.isChecked()).toBe(false);
    // A time zone the service does not know: its problem+json shows at the field, nothing is saved.
    const zone = page.getByRole('textbox', { name: 'Tijdzone' });
    await zone.fill('Mars/Olympus_Mons');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByText('not an IANA time zone').waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect((await p.api(sanne, 'GET', '/api/notifications/v1/notifications/preferences')).body.effective.channels.answer['email-digest']).toBe(true);
    await zone.fill('Europe/Amsterdam');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Je instellingen zijn opgeslagen.' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Instellingen voor meldingen' }).waitFor();
    expect(await page.getByRole('group', { name: 'Antwoorden op je vragen' }).getByRole('checkbox', { name: 'E-mail in de samenvatting' }).isChecked()).toBe(false);
    // Only that one: the same channel of another type kept its default.
    expect(await page.getByRole('group', { name: 'Je wordt genoemd' }).getByRole('checkbox', { name: 'E-mail in de samenvatting' }).isChecked()).toBe(true);
    const saved = await p.api(sanne, 'GET', '/api/notifications/v1/notifications/preferences');
    expect(saved.body.effective.channels.answer['email-digest']).toBe(false);
    expect(saved.body.effective.channels.mention['email-digest']).toBe(true);
    expect(saved.body.choices.timeZone).toBe('Europe/Amsterdam');
    expect(await page.getByRole('textbox', { name: 'Tijdzone' }).inputValue()).toBe('Europe/Amsterdam');

    // Push: the service worker installs from the gateway (type and CSP right); headless Chromium reaches no push service.
    await page.getByRole('button', { name: 'Pushberichten aanzetten op dit apparaat' }).click();
    await page.getByText('Deze browser kan nu geen verbinding maken met een pushdienst.', { exact: false }).waitFor();
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))?.active?.scriptURL ?? null);
    expect(worker).toBe(`${gw}/sw.js`);
    // Chromium logs why its subscribe failed (a test context is incognito-like: no Push API there); nothing else may be logged.
    expect(page.consoleErrors.filter((e) => !e.startsWith('Chrome currently does not support the Push API'))).toEqual([]);
    await page.context().close();
  }, 120_000);
});
