import { feedPerSuite, newUser } from './testing/feed-test-kit';

/**
 * Capacity is exact under concurrency: the place is decided on one roster stream per post or event
 * (optimistic concurrency, re-decided on conflict), not against a read-model count. Real servers;
 * on FerretDB the event store runs in its `locked` write mode, which these races exercise.
 */
describe('capacity of sign-ups and RSVPs under concurrency (HTTP, real servers)', () => {
  const suite = feedPerSuite({ FEED_CONSUMERS: 'off' });
  const author = newUser();
  const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();
  const codes = (results: { status: number; body: { code?: string } }[]) => results.map((r) => (r.status === 200 ? 'ok' : `${r.status} ${r.body.code}`)).sort();
  const roster = async (subjectId: string) => {
    const stream = await suite.feed.service.infrastructure.store.readStream(`roster-${subjectId}`);
    return (stream?.events ?? []).map((e) => e.type);
  };

  it('sign-up: twelve people at once for three places get exactly three; retries, withdrawal and the list stay exact', async () => {
    const group = await suite.feed.call(author, 'POST', '/v1/groups', { name: 'Volunteers', visibility: 'open' });
    const audience = { kind: 'group', groupId: group.body.groupId as string };
    const post = await suite.feed.call(author, 'POST', '/v1/posts', { audience, kind: 'update', body: 'Who helps at the fair on Saturday?', callToAction: { kind: 'sign-up', capacity: 3, deadline: inDays(7) } });
    expect(post.status).toBe(201);
    const postId = post.body.id as string;
    const people = Array.from({ length: 12 }, () => newUser());

    const results = await Promise.all(people.map((user, k) => suite.feed.call(user, 'POST', `/v1/posts/${postId}/sign-up`, undefined, { 'idempotency-key': `fair-${k}` })));
    expect(codes(results)).toEqual([...Array(3).fill('ok'), ...Array(9).fill('409 FEED.CAPACITY_REACHED')].sort());
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body).toMatchObject({ type: expect.any(String), title: expect.any(String), code: 'FEED.CAPACITY_REACHED' });
    const winners = people.filter((_, k) => results[k]!.status === 200);
    const losers = people.filter((_, k) => results[k]!.status !== 200);

    const list = await suite.feed.call(author, 'GET', `/v1/posts/${postId}/sign-ups`);
    expect(list.body.items.map((r: { userId: string }) => r.userId).sort()).toEqual([...winners].sort());
    expect(list.body.items.every((r: { waitingList: boolean }) => !r.waitingList)).toBe(true);
    expect((await suite.feed.call(author, 'GET', `/v1/posts/${postId}`)).body.progress).toMatchObject({ registered: 3, capacity: 3, placesLeft: 0 });
    expect(await roster(postId)).toEqual(['feed.roster.opened', 'feed.roster.place-taken', 'feed.roster.place-taken', 'feed.roster.place-taken']);

    // A retry with the same Idempotency-Key, and a second sign-up without one, change nothing.
    const winner = winners[0]!;
    const retried = await suite.feed.call(winner, 'POST', `/v1/posts/${postId}/sign-up`, undefined, { 'idempotency-key': `fair-${people.indexOf(winner)}` });
    expect(retried.status).toBe(200);
    expect((await suite.feed.call(winner, 'POST', `/v1/posts/${postId}/sign-up`)).body.progress).toMatchObject({ registered: 3 });

    // Withdrawing frees exactly one place: of four people asking at once, one gets it.
    expect((await suite.feed.call(winner, 'DELETE', `/v1/posts/${postId}/sign-up`)).body.progress).toMatchObject({ registered: 2, placesLeft: 1 });
    const second = await Promise.all(losers.slice(0, 4).map((user) => suite.feed.call(user, 'POST', `/v1/posts/${postId}/sign-up`)));
    expect(codes(second)).toEqual(['409 FEED.CAPACITY_REACHED', '409 FEED.CAPACITY_REACHED', '409 FEED.CAPACITY_REACHED', 'ok']);
    expect((await suite.feed.call(author, 'GET', `/v1/posts/${postId}/sign-ups`)).body.items).toHaveLength(3);

    // The response events carry the post's audience for other services.
    const stream = await suite.feed.service.infrastructure.store.readStream(`response-${postId}:${winner}`);
    expect(stream?.events.map((e) => [e.type, (e.data as { audience?: unknown }).audience])).toEqual([
      ['feed.response.registered', audience],
      ['feed.response.registration-withdrawn', audience],
    ]);
  }, 60_000);

  it('a person racing themselves (sign-up and withdrawal at once) never ends registered without a place', async () => {
    const post = await suite.feed.call(author, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Two seats left in the van.', callToAction: { kind: 'sign-up', capacity: 2 } });
    const postId = post.body.id as string;
    const [ana, ben, cas] = [newUser(), newUser(), newUser()];
    for (let round = 0; round < 5; round++) {
      await Promise.all([suite.feed.call(ana, 'POST', `/v1/posts/${postId}/sign-up`), suite.feed.call(ana, 'DELETE', `/v1/posts/${postId}/sign-up`), suite.feed.call(ben, 'POST', `/v1/posts/${postId}/sign-up`)]);
    }
    await Promise.all([suite.feed.call(cas, 'POST', `/v1/posts/${postId}/sign-up`), suite.feed.call(ana, 'POST', `/v1/posts/${postId}/sign-up`)]);
    const registered = (await suite.feed.call(author, 'GET', `/v1/posts/${postId}/sign-ups`)).body.items.map((r: { userId: string }) => r.userId);
    expect(registered.length).toBeLessThanOrEqual(2);
    const stream = await suite.feed.service.infrastructure.store.readStream(`roster-${postId}`);
    const holders = new Set<string>();
    for (const e of stream?.events ?? []) {
      const userId = (e.data as { userId?: string }).userId!;
      if (e.type === 'feed.roster.place-taken') holders.add(userId);
      if (e.type === 'feed.roster.place-released') holders.delete(userId);
    }
    for (const user of registered) expect(holders.has(user)).toBe(true);
  }, 60_000);

  it('RSVP: twelve yes answers at once for three places; changing to no frees one; capacity added later counts earlier yes answers', async () => {
    const details = { kind: 'event', title: 'Kitchen table talk', description: 'With the CEO.', startsAt: inDays(3), endsAt: inDays(3.05), location: 'Canteen', capacity: 3 };
    const created = await suite.feed.call(author, 'POST', '/v1/agenda', { audience: { kind: 'organisation' }, details });
    expect(created.status).toBe(201);
    const id = created.body.agendaItemId as string;
    const people = Array.from({ length: 12 }, () => newUser());

    const results = await Promise.all(people.map((user) => suite.feed.call(user, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' })));
    expect(codes(results)).toEqual([...Array(3).fill('ok'), ...Array(9).fill('409 FEED.EVENT_FULL')].sort());
    expect((await suite.feed.call(author, 'GET', `/v1/agenda/${id}`)).body).toMatchObject({ rsvps: { yes: 3 }, placesLeft: 0 });
    const winners = people.filter((_, k) => results[k]!.status === 200);
    const losers = people.filter((_, k) => results[k]!.status !== 200);

    // The refused answer maybe (no place needed); a yes-sayer changes to no and one place frees up.
    expect((await suite.feed.call(losers[0]!, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'maybe' })).body.you).toEqual({ rsvp: 'maybe' });
    expect((await suite.feed.call(winners[0]!, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'no' })).body.placesLeft).toBe(1);
    const again = await Promise.all(losers.slice(0, 5).map((user) => suite.feed.call(user, 'PUT', `/v1/agenda/${id}/rsvp`, { answer: 'yes' })));
    expect(codes(again)).toEqual([...Array(4).fill('409 FEED.EVENT_FULL'), 'ok'].sort());
    const maybe = again[0]!.status === 200 ? 0 : 1;
    expect((await suite.feed.call(author, 'GET', `/v1/agenda/${id}`)).body).toMatchObject({ rsvps: { yes: 3, maybe, no: 1 }, placesLeft: 0 });

    // An event without capacity gets one later: the two earlier yes answers hold places.
    const open = await suite.feed.call(author, 'POST', '/v1/agenda', { audience: { kind: 'organisation' }, details: { ...details, capacity: undefined } });
    const openId = open.body.agendaItemId as string;
    for (const user of people.slice(0, 2)) expect((await suite.feed.call(user, 'PUT', `/v1/agenda/${openId}/rsvp`, { answer: 'yes' })).status).toBe(200);
    expect(await roster(openId)).toEqual([]);
    expect((await suite.feed.call(author, 'PATCH', `/v1/agenda/${openId}`, { details })).status).toBe(200);
    const late = await Promise.all(people.slice(2, 6).map((user) => suite.feed.call(user, 'PUT', `/v1/agenda/${openId}/rsvp`, { answer: 'yes' })));
    expect(codes(late)).toEqual([...Array(3).fill('409 FEED.EVENT_FULL'), 'ok'].sort());
    expect((await suite.feed.call(author, 'GET', `/v1/agenda/${openId}`)).body).toMatchObject({ rsvps: { yes: 3 }, placesLeft: 0 });
  }, 60_000);

  it('reactions carry the audience of the post, also on comments', async () => {
    const group = await suite.feed.call(author, 'POST', '/v1/groups', { name: 'Garden', visibility: 'open' });
    const audience = { kind: 'group', groupId: group.body.groupId as string };
    const post = await suite.feed.call(author, 'POST', '/v1/posts', { audience, kind: 'update', body: 'Tomatoes are in.', callToAction: { kind: 'fyi' } });
    const comment = await suite.feed.call(author, 'POST', `/v1/posts/${post.body.id}/comments`, { body: 'First ones!' });
    const fan = newUser();
    expect((await suite.feed.call(fan, 'PUT', `/v1/posts/${post.body.id}/reaction`, { kind: 'celebrate' })).status).toBe(200);
    expect((await suite.feed.call(fan, 'PUT', `/v1/comments/${comment.body.id}/reaction`, { kind: 'like' })).status).toBe(200);
    expect((await suite.feed.call(fan, 'DELETE', `/v1/comments/${comment.body.id}/reaction`)).status).toBe(204);
    for (const [targetId, types] of [[post.body.id, ['feed.reaction.added']], [comment.body.id, ['feed.reaction.added', 'feed.reaction.removed']]] as const) {
      const stream = await suite.feed.service.infrastructure.store.readStream(`reaction-${targetId}:${fan}`);
      expect(stream?.events.map((e) => [e.type, (e.data as { audience?: unknown }).audience])).toEqual(types.map((t) => [t, audience]));
    }
  });
});
