import { feedPerSuite, newUser } from './testing/feed-test-kit';

/**
 * Events that carry content, or name a group, carry their audience: what the feed writes over HTTP
 * (the event store is the outbox, so this is what other services read), for a secret group's
 * content and a closed group's join requests.
 */
describe('audience on content events (HTTP, real servers)', () => {
  const manager = newUser();
  const [ana, ben] = [newUser(), newUser()];
  const suite = feedPerSuite({ FEED_CONSUMERS: 'off' }, { [manager]: ['employee', 'community-manager'] });
  const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();
  const audiences = async (stream: string) =>
    ((await suite.feed.service.infrastructure.store.readStream(stream))?.events ?? []).map((e) => [e.type, e.version, (e.data as { audience?: unknown }).audience]);

  it("a secret group's name, posts, comments, reactions, jams, ballots and agenda carry the group as audience", async () => {
    const groupId = (await suite.feed.call(manager, 'POST', '/v1/groups', { name: 'Merger talks', visibility: 'secret' })).body.groupId as string;
    await suite.feed.call(manager, 'POST', `/v1/groups/${groupId}/members/${ana}/add`, {});
    expect((await suite.feed.call(manager, 'PATCH', `/v1/groups/${groupId}`, { name: 'Merger talks 2' })).status).toBe(200);
    const secret = { kind: 'group', groupId, visibility: 'secret' };
    expect(await audiences(`group-${groupId}`)).toEqual([
      ['feed.group.created', 3, secret],
      ['feed.group.details-changed', 2, secret],
    ]);

    const group = { kind: 'group', groupId };
    const posted = await suite.feed.call(ana, 'POST', '/v1/posts', { audience: group, kind: 'update', body: 'Draft terms attached.', callToAction: { kind: 'fyi' } });
    expect(posted.body).toMatchObject({ id: expect.any(String) });
    const postId = posted.body.id as string;
    expect((await suite.feed.call(ana, 'PATCH', `/v1/posts/${postId}`, { body: 'Final terms attached.' })).status).toBe(200);
    const commentId = (await suite.feed.call(manager, 'POST', `/v1/posts/${postId}/comments`, { body: 'Looks fine.' })).body.id as string;
    expect((await suite.feed.call(manager, 'PATCH', `/v1/comments/${commentId}`, { body: 'Looks fine to me.' })).status).toBe(200);
    expect((await suite.feed.call(ana, 'PUT', `/v1/comments/${commentId}/reaction`, { kind: 'like' })).status).toBe(200);
    expect(await audiences(`post-${postId}`)).toEqual([
      ['feed.post.published', 2, group],
      ['feed.post.edited', 3, group],
    ]);
    expect(await audiences(`comment-${commentId}`)).toEqual([
      ['feed.comment.added', 1, group],
      ['feed.comment.edited', 2, group],
    ]);
    expect(await audiences(`reaction-${commentId}:${ana}`)).toEqual([['feed.reaction.added', 2, group]]);

    const jamId = (await suite.feed.call(manager, 'POST', '/v1/jams', { audience: group, title: 'Name the new company', question: 'Which name?', closesAt: inDays(7), votesPerPerson: 1 })).body
      .jamId as string;
    const ideaId = (await suite.feed.call(ana, 'POST', '/v1/posts', { audience: group, kind: 'idea', body: 'Plein & Co', callToAction: { kind: 'share-ideas' }, jamId })).body.id as string;
    expect((await suite.feed.call(manager, 'PUT', `/v1/jams/${jamId}/votes/${ideaId}`)).status).toBe(200);
    expect((await suite.feed.call(manager, 'POST', `/v1/posts/${ideaId}/idea-status`, { status: 'declined', note: 'Taken by another firm.' })).status).toBe(200);
    expect((await suite.feed.call(manager, 'POST', `/v1/jams/${jamId}/cancel`, { note: 'Talks are off.' })).status).toBe(200);
    expect(await audiences(`jamballot-${jamId}:${manager}`)).toEqual([['feed.jamballot.idea-voted', 2, group]]);
    expect((await audiences(`post-${ideaId}`)).at(-1)).toEqual(['feed.post.idea-status-changed', 2, group]);
    expect((await audiences(`ideajam-${jamId}`)).at(-1)).toEqual(['feed.ideajam.cancelled', 2, group]);

    const details = { kind: 'event', title: 'Signing', description: 'At the notary.', startsAt: inDays(2), endsAt: inDays(2.1) };
    const itemId = (await suite.feed.call(manager, 'POST', '/v1/agenda', { audience: group, details })).body.agendaItemId as string;
    expect((await suite.feed.call(manager, 'PATCH', `/v1/agenda/${itemId}`, { details: { ...details, title: 'Signing day' } })).status).toBe(200);
    expect((await suite.feed.call(ana, 'PUT', `/v1/agenda/${itemId}/rsvp`, { answer: 'maybe' })).status).toBe(200);
    await suite.feed.call(manager, 'POST', `/v1/agenda/${itemId}/cancel`, { note: 'Postponed.' });
    expect((await audiences(`agendaitem-${itemId}`)).slice(1)).toEqual([
      ['feed.agendaitem.revised', 2, group],
      ['feed.agendaitem.cancelled', 2, group],
    ]);
    expect(await audiences(`rsvp-${itemId}:${ana}`)).toEqual([['feed.rsvp.answered', 2, group]]);
  }, 60_000);

  it("the rosters of a secret group's sign-up and event carry the group as audience: who holds a place is as private as the post", async () => {
    const groupId = (await suite.feed.call(manager, 'POST', '/v1/groups', { name: 'Board retreat', visibility: 'secret' })).body.groupId as string;
    await suite.feed.call(manager, 'POST', `/v1/groups/${groupId}/members/${ana}/add`, {});
    const group = { kind: 'group', groupId };
    const postId = (await suite.feed.call(manager, 'POST', '/v1/posts', { audience: group, kind: 'update', body: 'Seats on the bus?', callToAction: { kind: 'sign-up', capacity: 2, deadline: inDays(7) } }))
      .body.id as string;
    expect((await suite.feed.call(ana, 'POST', `/v1/posts/${postId}/sign-up`)).status).toBe(200);
    expect((await suite.feed.call(ana, 'DELETE', `/v1/posts/${postId}/sign-up`)).status).toBe(200);
    expect(await audiences(`roster-${postId}`)).toEqual([
      ['feed.roster.opened', 2, group],
      ['feed.roster.place-taken', 2, group],
      ['feed.roster.place-released', 2, group],
    ]);

    const details = { kind: 'event', title: 'Dinner', description: 'Table for three.', startsAt: inDays(2), endsAt: inDays(2.1), capacity: 3 };
    const itemId = (await suite.feed.call(manager, 'POST', '/v1/agenda', { audience: group, details })).body.agendaItemId as string;
    expect((await suite.feed.call(ana, 'PUT', `/v1/agenda/${itemId}/rsvp`, { answer: 'yes' })).status).toBe(200);
    expect((await suite.feed.call(ana, 'PUT', `/v1/agenda/${itemId}/rsvp`, { answer: 'no' })).status).toBe(200);
    expect(await audiences(`roster-${itemId}`)).toEqual([
      ['feed.roster.opened', 2, group],
      ['feed.roster.place-taken', 2, group],
      ['feed.roster.place-released', 2, group],
    ]);
  }, 60_000);

  it("a join request's message and its refusal's note carry the closed group as audience", async () => {
    const groupId = (await suite.feed.call(manager, 'POST', '/v1/groups', { name: 'Choir', visibility: 'closed' })).body.groupId as string;
    expect((await suite.feed.call(ben, 'POST', `/v1/groups/${groupId}/join`, { message: 'I sing bass.' })).status).toBe(200);
    expect((await suite.feed.call(manager, 'POST', `/v1/groups/${groupId}/members/${ben}/decline`, { note: 'Full for this season.' })).status).toBe(200);
    const closed = { kind: 'group', groupId, visibility: 'closed' };
    expect(await audiences(`member-${groupId}:${ben}`)).toEqual([
      ['feed.member.join-requested', 2, closed],
      ['feed.member.request-declined', 2, closed],
    ]);
  }, 60_000);
});
