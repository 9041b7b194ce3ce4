import { expectNoOverflow, startPlatform, uniqueTag, type ApiAnswer, type Platform, type Session, type TrackedPage } from './platform';

const OWNER = 'sanne.devries';
const MEMBER = 'daan.jansen';
const REQUESTER = 'femke.visser';
const OUTSIDER = 'kees.smit';
const NOT_FOUND = 'Dit bestaat niet of je mag het niet zien.';

/**
 * The groups area in a real browser in front of the whole platform (./platform.ts): browsing and
 * joining an open group and posting in it, asking to join a closed group that its owner creates and
 * approves in the client, and a secret group that an outsider cannot find anywhere (list, group
 * page, its post's page, the organisation and hashtag timelines).
 */
describe('groups in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let owner: Session;
  const run = uniqueTag('g');
  const openName = `Koffieclub ${run}`;
  const secretName = `Overname ${run}`;
  const secretTag = uniqueTag('stil');
  const secretPost = `Het geheime plan ${run} #${secretTag}`;
  let openId: string;
  let secretId: string;
  let secretPostId: string;

  const createGroup = (s: Session, name: string, visibility: 'open' | 'closed' | 'secret', description?: string): Promise<ApiAnswer> =>
    p.api(s, 'POST', '/api/feed/v1/groups', { name, visibility, ...(description ? { description } : {}) }, { 'Idempotency-Key': uniqueTag('k') });
  const publish = (s: Session, body: string, audience: { kind: string; groupId?: string }) => p.api(s, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience, body });

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    gw = p.gw;
    owner = await p.signIn(OWNER);
    const open = await createGroup(owner, openName, 'open', 'Wie zet er koffie?');
    expect(open.status).toBe(201);
    openId = open.body.groupId;
    const secret = await createGroup(owner, secretName, 'secret');
    expect(secret.status).toBe(201);
    secretId = secret.body.groupId;
    const post = await publish(owner, secretPost, { kind: 'group', groupId: secretId });
    expect(post.status).toBe(201);
    secretPostId = post.body.id;
  }, 600_000);

  afterAll(async () => {
    await p?.close();
  });

  const feedFailures = (page: TrackedPage) => page.failed.filter((f) => f.includes('/api/feed/'));

  it('lets a colleague find an open group, join it, open it and post in it', async () => {
    const page = await p.pageAs(MEMBER);
    await page.goto(`${gw}/`);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Groepen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groepen' }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: openName }) });
    await card.getByText('Open · 1 lid').waitFor();
    await p.expectAccessible(page, 'groups list');
    await expectNoOverflow(page, 'groups list');

    await card.getByRole('button', { name: `Lid worden: ${openName}` }).click();
    await page.getByRole('status').filter({ hasText: `Je bent nu lid van ${openName}.` }).waitFor();
    await card.getByText('Je bent lid').waitFor();
    await card.getByText('2 leden').waitFor();

    await card.getByRole('link', { name: openName }).click();
    await page.getByRole('heading', { level: 1, name: openName }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/groups/${openId}`);
    await page.getByText('Wie zet er koffie?').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Berichten in deze groep' }).waitFor();

    // The composer posts to this group only; the post shows at once and is the server's after a reload.
    const mine = `Ik neem morgen taart mee ${run}`;
    await page.getByLabel('Bericht', { exact: true }).fill(mine);
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    await page.getByRole('link', { name: mine }).waitFor();
    await p.expectAccessible(page, 'group page (member)');
    await expectNoOverflow(page, 'group page (member)');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: openName }).waitFor();
    await page.getByRole('link', { name: mine }).waitFor();
    const posted = await p.api(owner, 'GET', `/api/feed/v1/groups/${openId}/posts?limit=20`);
    const inGroup = (posted.body.items as { body: string; audience: { kind: string; groupId?: string } }[]).find((x) => x.body === mine);
    expect(inGroup?.audience).toEqual({ kind: 'group', groupId: openId });

    // Leaving: the group says so and no longer offers the composer.
    await page.getByRole('button', { name: 'Groep verlaten' }).click();
    await page.getByRole('status').filter({ hasText: `Je hebt ${openName} verlaten.` }).waitFor();
    await page.getByRole('button', { name: 'Lid worden' }).waitFor();
    expect(await page.getByLabel('Bericht', { exact: true }).count()).toBe(0);
    expect(page.consoleErrors).toEqual([]);
    expect(feedFailures(page)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('creates a closed group; a colleague asks to join and the owner approves', async () => {
    const closedName = `Verhuizing lab ${run}`;
    const ownerPage = await p.pageAs(OWNER);
    await ownerPage.goto(`${gw}/groups`);
    await ownerPage.getByRole('button', { name: 'Groep aanmaken' }).click();
    // No name: the feed's problem is shown at the name field (invalid, described by the message).
    await ownerPage.getByRole('button', { name: 'Aanmaken' }).click();
    const nameField = ownerPage.getByLabel('Naam');
    await ownerPage.locator('input[aria-invalid="true"]').waitFor();
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = ((await nameField.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const descriptions = await Promise.all(describedBy.map((id) => ownerPage.locator(`[id="${id}"]`).innerText()));
    expect(descriptions.join(' ').trim()).not.toBe('');
    expect(await ownerPage.getByRole('alert').count()).toBe(0);
    await nameField.fill(closedName);
    await ownerPage.getByLabel('Beschrijving (niet verplicht)').fill('Alles over de verhuizing.');
    // The radio's label covers the (visually hidden) input, as react-aria draws it.
    await ownerPage.locator('label', { hasText: 'Besloten' }).click();
    expect(await ownerPage.getByRole('radio', { name: 'Besloten' }).isChecked()).toBe(true);
    await ownerPage.getByRole('button', { name: 'Aanmaken' }).click();
    await ownerPage.getByRole('heading', { level: 1, name: closedName }).waitFor();
    const closedId = new URL(ownerPage.url()).pathname.split('/')[2]!;
    await ownerPage.getByText('Je bent eigenaar').waitFor();
    await ownerPage.getByText('Geen openstaande verzoeken.').waitFor();

    // The colleague sees the closed group, not its posts, and asks to join.
    const page = await p.pageAs(REQUESTER);
    await page.goto(`${gw}/groups/${closedId}`);
    await page.getByRole('heading', { level: 1, name: closedName }).waitFor();
    await page.getByText('Alleen leden lezen de berichten van deze groep.').waitFor();
    await page.getByRole('button', { name: 'Verzoek om lid te worden' }).click();
    await page.getByText('Verzoek verstuurd, wacht op goedkeuring').waitFor();
    await page.getByRole('button', { name: 'Verzoek intrekken' }).waitFor();

    // The owner sees the request by name and approves it.
    await ownerPage.reload();
    const approve = ownerPage.getByRole('button', { name: 'Goedkeuren: Femke Visser' });
    await approve.waitFor();
    await p.expectAccessible(ownerPage, 'group page (owner, join request)');
    await approve.click();
    await ownerPage.getByRole('status').filter({ hasText: 'Femke Visser is nu lid.' }).waitFor();
    await ownerPage.getByText('Geen openstaande verzoeken.').waitFor();
    await ownerPage.getByText('2 leden').waitFor();

    // The new member reads and writes in the group.
    await page.reload();
    await page.getByText('Je bent lid').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Berichten in deze groep' }).waitFor();
    await page.getByLabel('Bericht', { exact: true }).waitFor();
    expect(page.consoleErrors).toEqual([]);
    expect(ownerPage.consoleErrors).toEqual([]);
    await page.context().close();
    await ownerPage.context().close();
  }, 90_000);

  it("hides a secret group and its post from an outsider everywhere, as if they did not exist", async () => {
    // Controls published after the secret post: once they show, the secret one would have too.
    const orgControl = `Open bericht ${run} #${secretTag}`;
    expect((await publish(owner, orgControl, { kind: 'organisation' })).status).toBe(201);

    // The owner does see the group and its post.
    const ownerPage = await p.pageAs(OWNER);
    await ownerPage.goto(`${gw}/groups/${secretId}`);
    await ownerPage.getByRole('heading', { level: 1, name: secretName }).waitFor();
    await ownerPage.getByRole('link', { name: secretPost }).waitFor();
    await ownerPage.context().close();

    const page = await p.pageAs(OUTSIDER);
    await page.goto(`${gw}/groups`);
    await page.getByRole('link', { name: openName }).waitFor();
    await page.getByText('Dit zijn alle groepen.').waitFor();
    expect(await page.getByText(secretName).count()).toBe(0);

    await page.goto(`${gw}/groups/${secretId}`);
    await page.getByRole('alert').getByText(NOT_FOUND).waitFor();
    expect(await page.getByText(secretName).count()).toBe(0);
    // A group that never existed reads the same, as does an id that is no id at all.
    await page.goto(`${gw}/groups/00000000-0000-7000-8000-000000000000`);
    await page.getByRole('alert').getByText(NOT_FOUND).waitFor();
    await page.goto(`${gw}/groups/geen-groep`);
    await page.getByRole('alert').getByText(NOT_FOUND).waitFor();

    await page.goto(`${gw}/posts/${secretPostId}`);
    await page.getByRole('alert').getByText(NOT_FOUND).waitFor();
    expect(await page.getByText(secretPost).count()).toBe(0);

    await page.goto(`${gw}/organisation`);
    await page.getByRole('link', { name: orgControl }).waitFor();
    expect(await page.getByText(secretPost).count()).toBe(0);
    await page.goto(`${gw}/hashtags/${secretTag}`);
    await page.getByRole('link', { name: orgControl }).waitFor();
    await page.getByText('Je hebt alles gezien.').waitFor();
    expect(await page.getByText(secretPost).count()).toBe(0);

    expect(page.consoleErrors).toEqual([]);
    // The feed refused only with 404 (and only these: the groups, the post and what its page asks of it).
    const refused = [`/api/feed/v1/groups/00000000-0000-7000-8000-000000000000`, `/api/feed/v1/groups/${secretId}`, `/api/feed/v1/posts/${secretPostId}`];
    const failures = [...new Set(feedFailures(page))];
    expect(failures).toEqual(expect.arrayContaining(refused.map((path) => `404 ${path}`)));
    expect(failures.filter((f) => !refused.some((path) => f === `404 ${path}` || f.startsWith(`404 ${path}/`)))).toEqual([]);
    await page.context().close();
  }, 90_000);
});
