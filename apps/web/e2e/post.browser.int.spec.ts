import { waitFor } from '@plein/shared/testing';
import { DEMO_ADMIN, startPlatform, uniqueTag, type Platform, type Session, type TrackedPage } from './platform';

const AUTHOR = 'iris.maas';
const COLLEAGUE = 'bas.verhoeven';
const COLLEAGUE_NAME = 'Bas Verhoeven';

/**
 * Posts in a real browser in front of the whole platform (./platform.ts): a question asked
 * through the composer with Markdown (bold, a link, a `javascript:` link that must stay text), a
 * colleague's answer accepted by the author; a poll created and voted on; an acknowledgement
 * request whose who-has-not list shrinks when the colleague acknowledges; a colleague mentioned
 * through the `@` suggestions by keyboard; a compose-time rule's message shown while typing, before
 * publishing. axe on the post page and the composer.
 */
describe('posts in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let author: Session;
  let colleague: Session;
  const run = uniqueTag('p');

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    gw = p.gw;
    author = await p.signIn(AUTHOR);
    colleague = await p.signIn(COLLEAGUE);
    // The colleague follows the author: the acknowledgement request goes to the author's followers.
    expect((await p.api(colleague, 'PUT', `/api/feed/v1/follows/person/${author.userId}`)).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await p?.close();
  });

  const noProblems = (page: TrackedPage) => {
    expect(page.consoleErrors).toEqual([]);
    expect(page.failed).toEqual([]);
  };

  async function home(page: TrackedPage) {
    await page.goto(`${gw}/`);
    await page.getByRole('heading', { name: 'Jouw tijdlijn' }).waitFor();
  }

  async function choose(page: TrackedPage, select: RegExp, option: string) {
    await page.getByRole('button', { name: select }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  async function publishAndOpen(page: TrackedPage, title: string): Promise<string> {
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    await page.getByRole('status').filter({ hasText: 'Je bericht is geplaatst.' }).waitFor();
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  it('asks a question with Markdown; the author accepts a colleague\'s answer on the post page', async () => {
    const page = await p.pageAs(AUTHOR);
    await home(page);
    const title = `Wie kent de printer? ${run}`;
    await choose(page, /Soort/, 'Vraag');
    await page.getByLabel('Titel (niet verplicht)').fill(title);
    await page.getByLabel('Bericht', { exact: true }).fill('Wie weet **dit** echt? Zie [de wiki](https://example.org/wiki) en [niet dit](javascript:alert(1)).');
    await p.expectAccessible(page, 'composer');
    const postId = await publishAndOpen(page, title);

    // Markdown: bold as <strong>, a safe link with rel, the javascript: link only as text.
    await page.locator('strong', { hasText: 'dit' }).first().waitFor();
    const wiki = page.getByRole('link', { name: 'de wiki' });
    expect(await wiki.getAttribute('href')).toBe('https://example.org/wiki');
    expect(await wiki.getAttribute('rel')).toBe('noopener noreferrer');
    await page.getByText('niet dit').waitFor();
    expect(await page.getByRole('link', { name: 'niet dit' }).count()).toBe(0);

    // A colleague answers (API); the author accepts it in the page.
    const answer = `Ik weet het: tweede verdieping ${run}`;
    expect((await p.api(colleague, 'POST', `/api/feed/v1/posts/${postId}/comments`, { body: answer }, { 'Idempotency-Key': uniqueTag('k') })).status).toBe(201);
    await page.reload();
    const item = page.getByRole('listitem').filter({ hasText: answer });
    await item.waitFor();
    await item.getByRole('button', { name: 'Antwoord accepteren' }).click();
    await item.getByText('Geaccepteerd antwoord').waitFor();
    await page.getByText('1 antwoorden · Beantwoord').waitFor();
    expect(await page.getByRole('button', { name: 'Antwoord accepteren' }).count()).toBe(0);
    // The answer's author links to their profile.
    expect(await item.getByRole('link', { name: COLLEAGUE_NAME }).getAttribute('href')).toBe(`/people/${colleague.userId}`);
    await p.expectAccessible(page, 'post page (question)');
    noProblems(page);
    await page.context().close();
  }, 90_000);

  it('creates a poll, votes and sees the counts', async () => {
    const page = await p.pageAs(AUTHOR);
    await home(page);
    const title = `Koffie of thee? ${run}`;
    await choose(page, /Oproep/, 'Stemmen (peiling)');
    await page.getByLabel('Optie 1', { exact: true }).fill('Koffie');
    await page.getByLabel('Optie 2', { exact: true }).fill('Thee');
    await page.getByRole('button', { name: 'Optie toevoegen' }).click();
    await page.getByLabel('Optie 3', { exact: true }).fill('Water');
    await page.getByLabel('Titel (niet verplicht)').fill(title);
    await page.getByLabel('Bericht', { exact: true }).fill('Wat drinken we bij de vergadering?');
    await p.expectAccessible(page, 'composer (poll)');
    const postId = await publishAndOpen(page, title);

    // The radio's input is visually hidden (react-aria): a person clicks its label.
    const pick = async (label: string) => {
      await page.locator('label.react-aria-Radio', { hasText: label }).click();
      await waitFor(`${label} chosen`, () => page.getByRole('radio', { name: label }).isChecked());
    };
    await pick('Thee');
    await page.getByRole('button', { name: 'Stemmen', exact: true }).click();
    await page.getByText('Thee: 1 stemmen').first().waitFor();
    await page.getByText('(jouw stem)').first().waitFor();
    await page.getByText('Koffie: 0 stemmen').first().waitFor();
    // Change the vote while the poll is open.
    await pick('Water');
    await page.getByRole('button', { name: 'Stem wijzigen' }).click();
    await page.getByText('Water: 1 stemmen').first().waitFor();
    await page.getByText('Thee: 0 stemmen').first().waitFor();
    const post = await p.api(author, 'GET', `/api/feed/v1/posts/${postId}`);
    expect(post.body.you.vote).toEqual(['3']);
    await p.expectAccessible(page, 'post page (poll)');
    noProblems(page);
    await page.context().close();
  }, 90_000);

  it('an acknowledgement request: the author\'s who-has-not list shrinks when the colleague acknowledges', async () => {
    const title = `Nieuwe huisregels ${run}`;
    const published = await p.api(
      author,
      'POST',
      '/api/feed/v1/posts',
      { kind: 'announcement', callToAction: { kind: 'acknowledge', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }, audience: { kind: 'followers' }, title, body: 'Lees ze even door.' },
      { 'Idempotency-Key': uniqueTag('k') },
    );
    expect(published.status).toBe(201);
    const postId = published.body.id as string;
    // The follow has reached the feed's read model: the colleague is in the audience.
    await waitFor('the colleague in the audience', async () => {
      const list = await p.api(author, 'GET', `/api/feed/v1/posts/${postId}/acknowledgements`);
      return list.status === 200 && list.body.people.some((x: { userId: string }) => x.userId === colleague.userId);
    });

    const page = await p.pageAs(AUTHOR);
    await page.goto(`${gw}/posts/${postId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const pending = page.getByRole('region', { name: 'Nog niet bevestigd' });
    await pending.getByRole('link', { name: COLLEAGUE_NAME }).waitFor();
    await page.getByText(/^Graag bevestigen voor /).waitFor();

    expect((await p.api(colleague, 'POST', `/api/feed/v1/posts/${postId}/acknowledgement`)).status).toBeLessThan(300);
    await waitFor('the acknowledgement counted', async () => (await p.api(author, 'GET', `/api/feed/v1/posts/${postId}`)).body.progress.acknowledged === 1);
    await page.reload();
    await page.getByText('Op deze pagina heeft iedereen bevestigd.').waitFor();
    expect(await pending.getByRole('link', { name: COLLEAGUE_NAME }).count()).toBe(0);
    await page.getByText('1 van 2 hebben bevestigd').waitFor();
    await p.expectAccessible(page, 'post page (acknowledgements)');
    noProblems(page);
    await page.context().close();
  }, 90_000);

  it('mentions a colleague picked from the @ suggestions by keyboard', async () => {
    // Profiles has indexed the colleague (search is what the suggestions ask).
    await waitFor('the colleague searchable', async () => {
      const found = await p.api(author, 'GET', `/api/profiles/v1/profiles/search?q=${encodeURIComponent('Bas')}`);
      return found.status === 200 && found.body.items.some((x: { userId: string }) => x.userId === colleague.userId);
    });
    const page = await p.pageAs(AUTHOR);
    await home(page);
    const field = page.getByLabel('Bericht', { exact: true });
    await field.click();
    await field.pressSequentially('Dank je @Bas');
    const option = page.getByRole('option', { name: new RegExp(`^${COLLEAGUE_NAME}`) });
    await option.waitFor();
    await p.expectAccessible(page, 'composer (suggestions open)');
    await field.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await page.getByRole('option').first().getAttribute('id'));
    await field.press('Enter');
    await waitFor('the mention inserted', async () => (await field.inputValue()).startsWith('Dank je @') && !(await field.inputValue()).endsWith('@Bas'));
    expect(await page.getByRole('option').count()).toBe(0);
    await field.pressSequentially(`voor de hulp ${run}`);
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    await page.getByRole('status').filter({ hasText: 'Je bericht is geplaatst.' }).waitFor();
    // The card's heading names the colleague; on the post's page the mention links to their profile.
    const heading = page.getByRole('link', { name: `Dank je @${COLLEAGUE_NAME} voor de hulp ${run}` });
    await heading.click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const mention = page.getByRole('link', { name: `@${COLLEAGUE_NAME}` });
    expect(await mention.getAttribute('href')).toBe(`/people/${colleague.userId}`);
    const postId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await p.api(author, 'GET', `/api/feed/v1/posts/${postId}`)).body.mentions).toEqual([colleague.userId]);
    noProblems(page);
    await page.context().close();
  }, 90_000);

  it('shows a blocking rule\'s public message at the message field while typing, before publishing', async () => {
    const word = uniqueTag('codenaam');
    const publicMessage = 'Codenamen van projecten blijven binnen het team.';
    const admin = await p.signIn(DEMO_ADMIN);
    expect((await p.api(admin, 'POST', '/api/moderation/v1/moderation/rules', { name: 'codenamen', matchType: 'keyword', pattern: word, action: 'block', publicMessage }, { 'Idempotency-Key': uniqueTag('k') })).status).toBe(201);
    await waitFor('moderation to check with the rule', async () => (await p.api(author, 'POST', '/api/moderation/v1/moderation/rules/check', { body: word })).body.outcome === 'block');

    const page = await p.pageAs(AUTHOR);
    await home(page);
    const field = page.getByLabel('Bericht', { exact: true });
    await field.fill(`Morgen start ${word} echt`);
    const warning = `Dit bericht kan zo niet geplaatst worden: ${publicMessage}`;
    await page.getByText(warning).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    expect(await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()))).toContain(warning);
    // Without the word the warning goes away.
    await field.fill('Morgen start het project echt');
    await waitFor('the warning gone', async () => (await page.getByText(warning).count()) === 0);
    expect(await field.getAttribute('aria-invalid')).not.toBe('true');
    noProblems(page);
    await page.context().close();
  }, 90_000);
});
