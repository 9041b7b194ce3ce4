import { newUser, startFeed, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

/** GET /v1/jams: the jams a person may see, newest first, paged, against the real servers. */
describe('idea jam listing (HTTP, real servers)', () => {
  let feed: FeedUnderTest;
  const manager = newUser();
  const [member, outsider] = [newUser(), newUser()];
  const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();
  const jam = async (title: string, audience: object) => {
    const res = await feed.call(manager, 'POST', '/v1/jams', { audience, title, question: `${title}?`, closesAt: inDays(7) });
    expect(res.status).toBe(201);
    return res.body.jamId as string;
  };
  const ids = (res: { body: { items: { jamId: string }[] } }) => res.body.items.map((j) => j.jamId);
  let orgFirst: string, secretJam: string, openGroupJam: string, cancelled: string, orgLast: string;

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'off' });
    withRoles(feed, manager, ['employee', 'community-manager']);
    const secret = (await feed.call(manager, 'POST', '/v1/groups', { name: 'Board room', visibility: 'secret' })).body.groupId as string;
    const open = (await feed.call(manager, 'POST', '/v1/groups', { name: 'Garden', visibility: 'open' })).body.groupId as string;
    await feed.call(manager, 'POST', `/v1/groups/${secret}/members/${member}/add`, {});
    orgFirst = await jam('Lunch', { kind: 'organisation' });
    secretJam = await jam('Budget', { kind: 'group', groupId: secret });
    openGroupJam = await jam('Plants', { kind: 'group', groupId: open });
    cancelled = await jam('Parking', { kind: 'organisation' });
    expect((await feed.call(manager, 'POST', `/v1/jams/${cancelled}/cancel`, {})).body.phase).toBe('cancelled');
    orgLast = await jam('Coffee', { kind: 'organisation' });
    expect((await feed.call(manager, 'POST', `/v1/jams/${orgLast}/close`)).body.phase).toBe('closed');
  }, 120_000);
  afterAll(async () => {
    await feed?.close();
  });

  it('lists what each person may see, newest first, with the phase and without cancelled jams', async () => {
    const forMember = await feed.call(member, 'GET', '/v1/jams');
    expect(forMember.status).toBe(200);
    expect(ids(forMember)).toEqual([orgLast, openGroupJam, secretJam, orgFirst]);
    expect(forMember.body.items[0]).toMatchObject({ title: 'Coffee', phase: 'closed', votesPerPerson: 3 });
    expect(forMember.body.items[3]).toMatchObject({ title: 'Lunch', phase: 'open' });
    expect(forMember.body.next).toBeNull();
    // The secret group's jam does not exist for someone outside it; the open group's does.
    expect(ids(await feed.call(outsider, 'GET', '/v1/jams'))).toEqual([orgLast, openGroupJam, orgFirst]);
  });

  it('pages by `after` (the last jam shown) until `next` is null; a cursor the reader may not see is a 400 naming query.after', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: { status: number; body: { items: { jamId: string }[]; next: string | null } } = await feed.call(outsider, 'GET', `/v1/jams?limit=1${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      after = res.body.next;
      if (after === null) break;
    }
    expect(seen).toEqual([orgLast, openGroupJam, orgFirst]);
    const hidden = await feed.call(outsider, 'GET', `/v1/jams?after=${secretJam}`);
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors).toEqual([{ field: 'query.after', message: expect.any(String) }]);
    expect((await feed.call(outsider, 'GET', '/v1/jams?limit=101')).status).toBe(400);
  });
});
