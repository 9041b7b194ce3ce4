import { waitFor } from '@plein/shared/testing';
import { startPlatform, uniqueTag, type Platform, type Session, type TrackedPage } from './platform';

const AUTHOR = 'noah.peters';
const READER = 'emma.bos';
/** Reports first through the API: moderation answering 201 is the sign it knows the post. */
const FIRST_REPORTER = 'mehmet.yilmaz';
/** Organisation moderators in the demo organisation (granted at start). */
const MODERATOR = 'julia.hoekstra';
const OTHER_MODERATOR = 'sven.prins';
const NOT_FOUND = 'Dit bestaat niet of je mag het niet zien.';

/**
 * The moderation area in a real browser in front of the whole platform (./platform.ts): a reader
 * reports a colleague's post from its page, a moderator finds it in the queue, takes the case and
 * hides the post; the reader's timeline no longer has it and the author sees it with the notice.
 * A second moderator meets the first one's claim as the problem's text; someone who moderates
 * nothing finds no queue.
 */
describe('moderation in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let author: Session;
  let reader: Session;
  const run = uniqueTag('m');
  const reported = `Koop nu goedkope horloges ${run}`;
  const later = `Gewoon een update ${run}`;
  let postId: string;

  const publish = (s: Session, body: string) => p.api(s, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'organisation' }, body }, { 'Idempotency-Key': uniqueTag('k') });

  beforeAll(async () => {
    p = await startPlatform();
    gw = p.gw;
    author = await p.signIn(AUTHOR);
    reader = await p.signIn(READER);
    const post = await publish(author, reported);
    expect(post.status).toBe(201);
    postId = post.body.id;
    // A later post by the same author: the reader's timeline shows it, so the reported one's absence is not a page still loading.
    expect((await publish(author, later)).status).toBe(201);
    const first = await p.signIn(FIRST_REPORTER);
    await waitFor('moderation to know the post', async () => (await p.api(first, 'POST', '/api/moderation/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' })).status === 201);
  }, 720_000);

  afterAll(async () => {
    await p?.close();
  });

  const noProblems = (page: TrackedPage) => expect(page.consoleErrors).toEqual([]);

  it('a reader reports a post with a reason, a moderator hides it from the queue, the reader no longer sees it and the author sees the notice', async () => {
    // The reader reports from the post's page.
    const page = await p.pageAs(READER);
    await page.goto(`${gw}/posts/${postId}`);
    await page.getByText(reported).first().waitFor();
    await page.getByRole('button', { name: 'Melden', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Melden bij de moderatoren' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /Reden/ }).click();
    await page.getByRole('option', { name: 'Intimidatie of pesten' }).click();
    await dialog.getByLabel('Toelichting (niet verplicht)').fill('Dit is reclame en niet aardig.');
    await p.expectAccessible(page, 'report dialog');
    await dialog.getByRole('button', { name: 'Melding versturen' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Bedankt. Je melding is verstuurd naar de moderatoren.' }).waitFor();
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await dialog.waitFor({ state: 'detached' });
    noProblems(page);

    // A moderator: the link in the navigation, the queue with the case, its reasons (never who).
    const mod = await p.pageAs(MODERATOR);
    await mod.goto(`${gw}/`);
    await mod.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Moderatie' }).click();
    await mod.getByRole('heading', { level: 1, name: 'Moderatie: te beoordelen' }).waitFor();
    const card = mod.getByRole('article', { name: 'Bericht · 2 meldingen' });
    await card.getByText('Intimidatie of pesten: 1').waitFor();
    await card.getByText('Spam: 1').waitFor();
    await card.getByText(reported).waitFor();
    await p.expectAccessible(mod, 'moderation queue');
    await card.getByRole('link', { name: 'Bericht · 2 meldingen' }).click();

    // The case: take it, decide to hide with a statement.
    await mod.getByRole('heading', { level: 1, name: 'Zaak: Bericht' }).waitFor();
    await mod.getByText(reported).first().waitFor();
    expect(await mod.getByText('Emma').count()).toBe(0);
    await mod.getByRole('button', { name: 'Oppakken' }).click();
    await mod.getByRole('status').filter({ hasText: 'Je hebt deze zaak opgepakt.' }).waitFor();
    await p.expectAccessible(mod, 'moderation case');

    // Another moderator meets the claim: 409 as the problem's text, not a crash.
    const other = await p.pageAs(OTHER_MODERATOR);
    await other.goto(`${gw}/moderation/cases/post/${postId}`);
    await other.getByRole('button', { name: 'Oppakken' }).click();
    await other.getByRole('alert').filter({ hasText: 'another moderator has this case' }).waitFor();

    await mod.getByLabel('Welke regel').fill('Huisregel 3: geen reclame');
    await mod.getByLabel('Toelichting voor de schrijver').fill('Reclame voor eigen verkoop hoort niet op Plein.');
    await mod.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await mod.getByRole('status').filter({ hasText: 'Besluit vastgelegd: Verbergen (terug te draaien).' }).waitFor();
    await mod.getByText('Verborgen', { exact: true }).waitFor();
    noProblems(mod);

    // The reader: the post is gone (404 as for missing) and not in the organisation's timeline.
    await waitFor('the feed to hide the post', async () => (await p.api(reader, 'GET', `/api/feed/v1/posts/${postId}`)).status === 404, 15_000);
    await page.goto(`${gw}/organisation`);
    await page.getByRole('link', { name: later }).waitFor();
    expect(await page.getByText(reported).count()).toBe(0);

    // The author still sees it, with the notice, and is offered no report of their own post.
    const own = await p.pageAs(AUTHOR);
    await own.goto(`${gw}/posts/${postId}`);
    await own.getByText(reported).first().waitFor();
    await own.getByText('Verborgen door moderatie').first().waitFor();
    expect(await own.getByRole('button', { name: 'Melden', exact: true }).count()).toBe(0);
    noProblems(own);
  }, 180_000);

  it('someone who moderates nothing has no queue: no link, the not-found view at its address', async () => {
    const page = await p.pageAs(READER);
    await page.goto(`${gw}/moderation`);
    await page.getByText(NOT_FOUND).waitFor();
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).waitFor();
    expect(await page.getByRole('link', { name: 'Moderatie' }).count()).toBe(0);
    await page.goto(`${gw}/moderation/cases/post/${postId}`);
    await page.getByText(NOT_FOUND).waitFor();
    await page.goto(`${gw}/moderation/cases/post/not-an-id`);
    await page.getByText(NOT_FOUND).waitFor();
  }, 180_000);
});
