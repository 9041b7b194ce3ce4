import { feedPerSuite, newUser } from './testing/feed-test-kit';

/**
 * A page of posts is rendered with batched reads (the reader's responses in one query, the
 * progress counters in a fixed number of queries whatever the page size): it shows the same
 * progress and the same "you" as each post on its own, against the real servers.
 */
describe('a page of posts with calls to action (HTTP, real servers)', () => {
  const suite = feedPerSuite({ FEED_CONSUMERS: 'off' });
  const author = newUser();
  const [ana, ben, cas] = [newUser(), newUser(), newUser()];
  const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

  it('renders sign-ups, acknowledgements (two rounds) and polls on a group page as on their own', async () => {
    const groupId = (await suite.feed.call(author, 'POST', '/v1/groups', { name: 'Office move', visibility: 'open' })).body.groupId as string;
    for (const user of [ana, ben, cas]) expect((await suite.feed.call(user, 'POST', `/v1/groups/${groupId}/join`, {})).status).toBe(200);
    const audience = { kind: 'group', groupId };
    const publish = async (callToAction: unknown, body: string) => {
      const res = await suite.feed.call(author, 'POST', '/v1/posts', { audience, kind: 'update', body, callToAction });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const signUp = await publish({ kind: 'sign-up', capacity: 2, deadline: inAWeek() }, 'Who carries boxes?');
    const unlimited = await publish({ kind: 'sign-up' }, 'Who comes to the party?');
    const ack = await publish({ kind: 'acknowledge', dueAt: inAWeek() }, 'The office moves on Monday.');
    const ackAgain = await publish({ kind: 'acknowledge' }, 'Keys are handed out at 9.');
    const poll = await publish({ kind: 'vote', options: ['Pizza', 'Sushi', 'Tacos'], maxChoices: 2 }, 'Lunch on moving day?');
    const otherPoll = await publish({ kind: 'vote', options: ['Yes', 'No'], maxChoices: 1 }, 'Keep the old plants?');

    const ok = async (user: string, method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown) => expect((await suite.feed.call(user, method, path, body)).status).toBe(200);
    await ok(ana, 'POST', `/v1/posts/${signUp}/sign-up`);
    await ok(ben, 'POST', `/v1/posts/${signUp}/sign-up`);
    await ok(cas, 'POST', `/v1/posts/${unlimited}/sign-up`);
    await ok(ana, 'POST', `/v1/posts/${ack}/acknowledgement`);
    await ok(ben, 'POST', `/v1/posts/${ack}/acknowledgement`);
    await ok(ana, 'POST', `/v1/posts/${ackAgain}/acknowledgement`);
    // A material edit starts round 2: ana's round-1 acknowledgement no longer counts.
    await ok(author, 'PATCH', `/v1/posts/${ackAgain}`, { body: 'Keys are handed out at 10.' });
    await ok(ben, 'POST', `/v1/posts/${ackAgain}/acknowledgement`);
    await ok(ana, 'PUT', `/v1/posts/${poll}/vote`, { optionIds: ['1', '2'] });
    await ok(ben, 'PUT', `/v1/posts/${poll}/vote`, { optionIds: ['2'] });
    await ok(cas, 'PUT', `/v1/posts/${otherPoll}/vote`, { optionIds: ['2'] });

    const page = await suite.feed.call(ana, 'GET', `/v1/groups/${groupId}/posts?limit=20`);
    expect(page.status).toBe(200);
    const byId = new Map((page.body.items as { id: string; progress: unknown; you: unknown }[]).map((p) => [p.id, { progress: p.progress, you: p.you }]));
    expect([...byId.keys()].sort()).toEqual([signUp, unlimited, ack, ackAgain, poll, otherPoll].sort());

    expect(byId.get(signUp)).toEqual({ progress: { kind: 'sign-up', registered: 2, capacity: 2, placesLeft: 0, waitingList: 0 }, you: { reaction: null, registered: true } });
    expect(byId.get(unlimited)).toEqual({ progress: { kind: 'sign-up', registered: 1, capacity: null, placesLeft: null, waitingList: 0 }, you: { reaction: null, registered: false } });
    // The audience: the author and the three members.
    expect(byId.get(ack)).toEqual({ progress: { kind: 'acknowledge', round: 1, acknowledged: 2, audienceSize: 4, dueAt: expect.any(String) }, you: { reaction: null, acknowledged: true } });
    expect(byId.get(ackAgain)).toEqual({ progress: { kind: 'acknowledge', round: 2, acknowledged: 1, audienceSize: 4, dueAt: null }, you: { reaction: null, acknowledged: false } });
    expect(byId.get(poll)).toEqual({
      progress: { kind: 'vote', voters: 2, options: [{ id: '1', label: 'Pizza', votes: 1 }, { id: '2', label: 'Sushi', votes: 2 }, { id: '3', label: 'Tacos', votes: 0 }] },
      you: { reaction: null, vote: ['1', '2'] },
    });
    expect(byId.get(otherPoll)).toEqual({ progress: { kind: 'vote', voters: 1, options: [{ id: '1', label: 'Yes', votes: 0 }, { id: '2', label: 'No', votes: 1 }] }, you: { reaction: null, vote: [] } });

    // Each post on its own renders the same.
    for (const [id, rendered] of byId) {
      const single = (await suite.feed.call(ana, 'GET', `/v1/posts/${id}`)).body as { progress: unknown; you: unknown };
      expect([id, { progress: single.progress, you: single.you }]).toEqual([id, rendered]);
    }
  }, 60_000);
});
