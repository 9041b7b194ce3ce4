import { startPlatform, uniqueTag, type Platform, type Session, type TrackedPage } from './platform';

/** The organiser of the agenda item and manager of the jam (given the community-manager role). */
const ORGANISER = 'pieter.hendriks';
/** The reader who answers and votes. */
const READER = 'youssef.elamrani';
/** A colleague whose idea the reader votes for. */
const COLLEAGUE = 'anouk.meijer';

/**
 * The agenda and idea jams in a real browser in front of the whole platform (./platform.ts): an
 * RSVP from the agenda that is still the reader's answer after a reload, and in a jam an idea of
 * one's own next to a colleague's that one votes for, with the vote budget shown; axe on the agenda,
 * an item, the jams and a jam.
 */
describe('agenda and idea jams in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  const run = uniqueTag('e');
  const eventTitle = `Nieuwjaarsborrel ${run}`;
  const jamTitle = `Kantoor van morgen ${run}`;
  const colleagueIdea = `Planten op elke verdieping ${run}`;
  let eventId: string;
  let jamId: string;
  let colleagueIdeaId: string;
  const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    gw = p.gw;
    await p.grantRole(ORGANISER, 'community-manager');
    const organiser: Session = await p.signIn(ORGANISER);
    const event = await p.api(
      organiser,
      'POST',
      '/api/feed/v1/agenda',
      { audience: { kind: 'organisation' }, details: { kind: 'event', title: eventTitle, description: 'Met hapjes en een toost.', startsAt: inDays(2), endsAt: inDays(2.1), location: 'Kantine', capacity: 30 } },
      { 'Idempotency-Key': uniqueTag('k') },
    );
    expect(event.status).toBe(201);
    eventId = event.body.agendaItemId;
    const jam = await p.api(organiser, 'POST', '/api/feed/v1/jams', { audience: { kind: 'organisation' }, title: jamTitle, question: 'Hoe maken we het kantoor fijner?', closesAt: inDays(7), votesPerPerson: 2 });
    expect(jam.status).toBe(201);
    jamId = jam.body.jamId;
    const colleague = await p.signIn(COLLEAGUE);
    const idea = await p.api(colleague, 'POST', '/api/feed/v1/posts', {
      kind: 'idea',
      callToAction: { kind: 'share-ideas' },
      audience: { kind: 'organisation' },
      jamId,
      title: colleagueIdea,
      body: 'Groen maakt blij.',
    });
    expect(idea.status).toBe(201);
    colleagueIdeaId = idea.body.id;
  }, 420_000);

  afterAll(async () => {
    await p?.close();
  });

  const feedFailures = (page: TrackedPage) => page.failed.filter((f) => f.includes('/api/feed/'));

  it('answers an event from the agenda and still shows the answer on its page after a reload', async () => {
    const page = await p.pageAs(READER);
    await page.goto(`${gw}/`);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    const card = page.getByRole('article', { name: eventTitle });
    await card.getByText('0 van 30 plaatsen bezet').waitFor();
    await p.expectAccessible(page, 'agenda');

    const answers = card.getByRole('group', { name: `Jouw antwoord voor ${eventTitle}` });
    await answers.getByRole('button', { name: 'Ik ga', exact: true }).click();
    await card.getByRole('status').filter({ hasText: 'Je antwoord is opgeslagen.' }).waitFor();
    await card.getByText('1 van 30 plaatsen bezet · nog 29 plaatsen vrij').waitFor();
    expect(await answers.getByRole('button', { name: 'Ik ga', exact: true }).getAttribute('aria-pressed')).toBe('true');

    await card.getByRole('link', { name: eventTitle }).click();
    await page.getByRole('heading', { level: 1, name: eventTitle }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/agenda/${eventId}`);
    await page.getByText('Jouw antwoord: Ik ga').waitFor();
    await page.getByText('Kantine').waitFor();
    await p.expectAccessible(page, 'agenda item');

    // The answer is the feed's: after a reload it is still there; a change is kept as well.
    await page.reload();
    await page.getByText('Jouw antwoord: Ik ga').waitFor();
    await page.getByRole('button', { name: 'Misschien', exact: true }).click();
    await page.getByText('Jouw antwoord: Misschien').waitFor();
    await page.reload();
    await page.getByText('Jouw antwoord: Misschien').waitFor();
    expect(await page.getByRole('button', { name: 'Misschien', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    expect(page.consoleErrors).toEqual([]);
    expect(feedFailures(page)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('submits an idea to a jam and votes for a colleague idea within the vote budget', async () => {
    const page = await p.pageAs(READER);
    await page.goto(`${gw}/`);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Ideeënjams' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ideeënjams' }).waitFor();
    const open = page.getByRole('region', { name: 'Open en binnenkort' });
    await open.getByRole('link', { name: jamTitle }).waitFor();
    await p.expectAccessible(page, 'jams');

    await open.getByRole('link', { name: jamTitle }).click();
    await page.getByRole('heading', { level: 1, name: jamTitle }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/jams/${jamId}`);
    await page.getByText('Je hebt nog 2 van je 2 stemmen.').waitFor();
    await page.getByRole('link', { name: colleagueIdea }).waitFor();
    await p.expectAccessible(page, 'jam');

    // An idea of one's own: it is listed, without a vote button for oneself.
    const mine = `Stiltehoek bij de ramen ${run}`;
    await page.getByLabel('Titel van je idee').fill(mine);
    await page.getByLabel('Je idee', { exact: true }).fill('Een plek zonder vergaderingen.');
    await page.getByRole('button', { name: 'Idee insturen' }).click();
    await page.getByRole('status').filter({ hasText: 'Je idee is ingestuurd.' }).waitFor();
    const myRow = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: mine }) });
    await myRow.getByText('Jouw idee').waitFor();
    expect(await myRow.getByRole('button').count()).toBe(0);

    // A vote for the colleague's idea spends one of the two votes.
    await page.getByRole('button', { name: `Stem op ${colleagueIdea}` }).click();
    await page.getByText('Je hebt nog 1 van je 2 stemmen.').waitFor();
    const theirs = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: colleagueIdea }) });
    await theirs.getByText('1 stem', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Stem intrekken voor ${colleagueIdea}` }).waitFor();

    // The vote is the feed's: after a reload, and as the colleague sees the tally.
    await page.reload();
    await page.getByText('Je hebt nog 1 van je 2 stemmen.').waitFor();
    const colleague = await p.signIn(COLLEAGUE);
    const seen = await p.api(colleague, 'GET', `/api/feed/v1/jams/${jamId}`);
    expect(seen.body.ideas.find((i: { postId: string }) => i.postId === colleagueIdeaId)).toMatchObject({ votes: 1 });

    expect(page.consoleErrors).toEqual([]);
    expect(feedFailures(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
