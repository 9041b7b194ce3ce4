import { newUser, startFeed, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

/** Idea jams and agenda RSVPs over HTTP against the real servers, with visibility like posts. */
describe('idea jams and agenda (HTTP, real servers)', () => {
  let feed: FeedUnderTest;
  const manager = newUser();
  const [ana, ben, outsider] = [newUser(), newUser(), newUser()];
  const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();
  let groupId: string;

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'off' });
    withRoles(feed, manager, ['employee', 'community-manager']);
    // A secret group: its jams and agenda items do not exist for outsiders.
    groupId = (await feed.call(manager, 'POST', '/v1/groups', { name: 'Lab', visibility: 'secret' })).body.groupId;
    for (const user of [ana, ben]) {
      await feed.call(manager, 'POST', `/v1/groups/${groupId}/members/${user}/add`, {});
    }
  }, 120_000);
  afterAll(async () => {
    await feed?.close();
  });

  it('jam: schedule (idempotent), ideas, votes within budget, close, outcomes; outsiders get 404', async () => {
    const input = { audience: { kind: 'group', groupId }, title: 'Greener lab', question: 'How do we waste less?', closesAt: inDays(7), votesPerPerson: 1 };
    const invalid = await feed.call(manager, 'POST', '/v1/jams', { ...input, closesAt: undefined, votesPerPerson: 'two' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.closesAt', 'body.votesPerPerson']);
    expect((await feed.call(ana, 'POST', '/v1/jams', input)).body.code).toBe('FEED.NOT_PERMITTED');
    const created = await feed.call(manager, 'POST', '/v1/jams', input, { 'idempotency-key': 'jam-1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phase: 'open', votesPerPerson: 1, ideas: [], you: { votesLeft: 1 } });
    const retried = await feed.call(manager, 'POST', '/v1/jams', input, { 'idempotency-key': 'jam-1' });
    expect(retried.body.jamId).toBe(created.body.jamId);
    const jam = created.body.jamId as string;
    expect((await feed.call(outsider, 'GET', `/v1/jams/${jam}`)).body.code).toBe('FEED.IDEA_JAM_NOT_FOUND');

    const submit = (user: string, body: string) =>
      feed.call(user, 'POST', '/v1/posts', { audience: { kind: 'group', groupId }, kind: 'idea', body, callToAction: { kind: 'share-ideas' }, jamId: jam });
    const anaIdea = (await submit(ana, 'Switch off the fume hoods at night')).body.id as string;
    const benIdea = (await submit(ben, 'Reuse pipette tips where safe')).body.id as string;
    expect((await feed.call(ana, 'PUT', `/v1/jams/${jam}/votes/${anaIdea}`)).body.code).toBe('FEED.OWN_IDEA');
    expect((await feed.call(outsider, 'PUT', `/v1/jams/${jam}/votes/${anaIdea}`)).status).toBe(404);
    const voted = await feed.call(ben, 'PUT', `/v1/jams/${jam}/votes/${anaIdea}`);
    expect(voted.status).toBe(200);
    expect(voted.body.you).toEqual({ votedIdeaIds: [anaIdea], votesLeft: 0 });
    expect(voted.body.ideas[0]).toMatchObject({ postId: anaIdea, votes: 1 });
    expect((await feed.call(manager, 'PUT', `/v1/jams/${jam}/votes/${benIdea}`)).status).toBe(200);
    expect((await feed.call(manager, 'PUT', `/v1/jams/${jam}/votes/${anaIdea}`)).body.code).toBe('FEED.IDEA_JAM_VOTE_BUDGET');
    const withdrawn = await feed.call(manager, 'DELETE', `/v1/jams/${jam}/votes/${benIdea}`);
    expect(withdrawn.body.you.votesLeft).toBe(1);
    await feed.call(manager, 'PUT', `/v1/jams/${jam}/votes/${anaIdea}`);

    expect((await feed.call(ana, 'POST', `/v1/jams/${jam}/close`)).body.code).toBe('FEED.NOT_PERMITTED');
    const closed = await feed.call(manager, 'POST', `/v1/jams/${jam}/close`);
    expect(closed.body.phase).toBe('closed');
    expect((await feed.call(ben, 'DELETE', `/v1/jams/${jam}/votes/${anaIdea}`)).body.code).toBe('FEED.IDEA_JAM_NOT_OPEN');
    expect((await submit(ben, 'Too late')).body.code).toBe('FEED.IDEA_JAM_NOT_OPEN');
    const outcomes = await feed.call(manager, 'POST', `/v1/jams/${jam}/outcomes`, { summary: 'Hoods go off at 20:00.', selectedIdeaIds: [anaIdea] });
    expect(outcomes.body).toMatchObject({ phase: 'concluded', outcomes: { selectedIdeaIds: [anaIdea] } });
    expect(outcomes.body.ideas.map((i: { postId: string; votes: number }) => [i.postId, i.votes])).toEqual([[anaIdea, 2], [benIdea, 0]]);
  });

  it('agenda: RSVP within capacity, full event refused, a freed place is taken, visibility like posts', async () => {
    const details = { kind: 'event', title: 'Lab tour', description: 'See the **new** lab.', startsAt: inDays(2), endsAt: inDays(2.1), location: 'Building B', capacity: 1 };
    // An unknown kind names the kind (the fields of a variant that does not exist cannot be judged); a known kind names its bad fields.
    const bad = await feed.call(manager, 'POST', '/v1/agenda', { audience: { kind: 'group', groupId }, details: { ...details, startsAt: 42, kind: 'party' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.details.kind']);
    const badStart = await feed.call(manager, 'POST', '/v1/agenda', { audience: { kind: 'group', groupId }, details: { ...details, startsAt: 42 } });
    expect(badStart.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.details.startsAt']);
    const created = await feed.call(manager, 'POST', '/v1/agenda', { audience: { kind: 'group', groupId }, details }, { 'idempotency-key': 'tour' });
    expect(created.status).toBe(201);
    const id = created.body.agendaItemId as string;
    expect((await feed.call(manager, 'POST', '/v1/agenda', { audience: { kind: 'group', groupId }, details }, { 'idempotency-key': 'tour' })).body.agendaItemId).toBe(id);
    expect((await feed.call(outsider, 'GET', `/v1/agenda/${id}`)).body.code).toBe('FEED.AGENDA_ITEM_NOT_FOUND');
    expect((await feed.call(outsider, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' })).status).toBe(404);
    expect((await feed.call(outsider, 'GET', '/v1/agenda')).body.items.map((i: { agendaItemId: string }) => i.agendaItemId)).not.toContain(id);
    expect((await feed.call(ana, 'GET', '/v1/agenda')).body.items.map((i: { agendaItemId: string }) => i.agendaItemId)).toContain(id);

    const wrong = await feed.call(ana, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'perhaps' });
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'body.answer' })]);
    const yes = await feed.call(ana, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' });
    expect(yes.body).toMatchObject({ rsvps: { yes: 1, maybe: 0, no: 0 }, placesLeft: 0, you: { rsvp: 'yes' } });
    const full = await feed.call(ben, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' });
    expect({ status: full.status, code: full.body.code }).toEqual({ status: 409, code: 'FEED.EVENT_FULL' });
    expect((await feed.call(ben, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'maybe' })).body.rsvps).toEqual({ yes: 1, maybe: 1, no: 0 });
    expect((await feed.call(ana, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'no' })).body.placesLeft).toBe(1);
    expect((await feed.call(ben, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' })).body).toMatchObject({ rsvps: { yes: 1, maybe: 0, no: 1 }, you: { rsvp: 'yes' } });

    await feed.call(manager, 'POST', `/v1/agenda/${id}/cancel`, { note: 'Lab flooded' });
    expect((await feed.call(ana, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' })).body.code).toBe('FEED.AGENDA_ITEM_CANCELLED');
  });
});
