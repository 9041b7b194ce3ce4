import { feedPerSuite, newUser } from './testing/feed-test-kit';

/** Each call-to-action flow over HTTP, with its progress, against the real servers. */
describe('calls to action (HTTP, real servers)', () => {
  const author = newUser();
  const [ana, ben, cas] = [newUser(), newUser(), newUser()];
  const triager = newUser();
  const suite = feedPerSuite({ FEED_CONSUMERS: 'off' }, { [triager]: ['employee', 'community-manager'] });
  const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
  const publish = async (kind: string, callToAction: unknown, extra: Record<string, unknown> = {}) => {
    const res = await suite.feed.call(author, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind, body: 'Please read: the office opens at 9 on Monday.', callToAction, ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  it('acknowledge: counts the round, asks again after a material edit, not after a typo fix', async () => {
    // A group audience: the acknowledgement list is the group's members (organisation-wide posts
    // list the active users of the users projection, fed by identity events).
    const group = await suite.feed.call(author, 'POST', '/v1/groups', { name: 'Office', visibility: 'open' });
    await suite.feed.call(ana, 'POST', `/v1/groups/${group.body.groupId}/join`, {});
    await suite.feed.call(ben, 'POST', `/v1/groups/${group.body.groupId}/join`, {});
    const post = await publish('announcement', { kind: 'acknowledge', dueAt: inAWeek() }, { audience: { kind: 'group', groupId: group.body.groupId } });
    const acked = await suite.feed.call(ana, 'POST', `/v1/posts/${post.id}/acknowledgement`);
    expect(acked.body).toMatchObject({ progress: { kind: 'acknowledge', round: 1, acknowledged: 1 }, you: { acknowledged: true } });
    const typo = await suite.feed.call(author, 'PATCH', `/v1/posts/${post.id}`, { body: 'Plese read: the office opens at 9 on Monday.' });
    expect(typo.body.progress).toMatchObject({ round: 1, acknowledged: 1 });
    const material = await suite.feed.call(author, 'PATCH', `/v1/posts/${post.id}`, { body: 'Please read: the office opens at 10 on Monday.' });
    expect(material.body.progress).toMatchObject({ round: 2, acknowledged: 0 });
    expect((await suite.feed.call(ana, 'GET', `/v1/posts/${post.id}`)).body.you.acknowledged).toBe(false);
    await suite.feed.call(ana, 'POST', `/v1/posts/${post.id}/acknowledgement`);
    const list = await suite.feed.call(author, 'GET', `/v1/posts/${post.id}/acknowledgements`);
    expect(list.status).toBe(200);
    expect(list.body.people.find((p: { userId: string }) => p.userId === ana)).toMatchObject({ acknowledged: true });
    expect(list.body.people.find((p: { userId: string }) => p.userId === ben)).toMatchObject({ acknowledged: false });
    expect(material.body.progress.audienceSize).toBe(3);
    expect((await suite.feed.call(ben, 'GET', `/v1/posts/${post.id}/acknowledgements`)).body.code).toBe('FEED.NOT_PERMITTED');
    const history = await suite.feed.call(ben, 'GET', `/v1/posts/${post.id}/history`);
    expect(history.body.items.map((h: { material: boolean }) => h.material)).toEqual([true, false, true]);
  });

  it('sign-up: capacity, full, withdraw frees a place, closing stops sign-ups', async () => {
    const post = await publish('update', { kind: 'sign-up', capacity: 2, deadline: inAWeek() });
    await suite.feed.call(ana, 'POST', `/v1/posts/${post.id}/sign-up`);
    const second = await suite.feed.call(ben, 'POST', `/v1/posts/${post.id}/sign-up`);
    expect(second.body.progress).toMatchObject({ registered: 2, capacity: 2, placesLeft: 0 });
    const full = await suite.feed.call(cas, 'POST', `/v1/posts/${post.id}/sign-up`);
    expect({ status: full.status, code: full.body.code }).toEqual({ status: 409, code: 'FEED.CAPACITY_REACHED' });
    await suite.feed.call(ana, 'DELETE', `/v1/posts/${post.id}/sign-up`);
    expect((await suite.feed.call(cas, 'POST', `/v1/posts/${post.id}/sign-up`)).body.progress).toMatchObject({ registered: 2 });
    expect((await suite.feed.call(author, 'GET', `/v1/posts/${post.id}/sign-ups`)).body.items.map((r: { userId: string }) => r.userId)).toEqual([ben, cas]);
    await suite.feed.call(author, 'POST', `/v1/posts/${post.id}/call-to-action/close`);
    await suite.feed.call(ben, 'DELETE', `/v1/posts/${post.id}/sign-up`);
    expect((await suite.feed.call(ana, 'POST', `/v1/posts/${post.id}/sign-up`)).body.code).toBe('FEED.CALL_TO_ACTION_CLOSED');
  });

  it('vote: one current vote per person, changeable, counted per option', async () => {
    const post = await publish('update', { kind: 'vote', options: ['Tuesday', 'Thursday'] });
    await suite.feed.call(ana, 'PUT', `/v1/posts/${post.id}/vote`, { optionIds: ['1'] });
    await suite.feed.call(ben, 'PUT', `/v1/posts/${post.id}/vote`, { optionIds: ['1'] });
    const changed = await suite.feed.call(ben, 'PUT', `/v1/posts/${post.id}/vote`, { optionIds: ['2'] });
    expect(changed.body.progress).toMatchObject({ voters: 2, options: [{ id: '1', votes: 1 }, { id: '2', votes: 1 }] });
    expect(changed.body.you.vote).toEqual(['2']);
    expect((await suite.feed.call(cas, 'PUT', `/v1/posts/${post.id}/vote`, { optionIds: ['7'] })).body.code).toBe('FEED.INVALID_POLL_CHOICE');
  });

  it('answer: answers are comments; accepting one closes the question', async () => {
    const question = await publish('question', { kind: 'answer' });
    const answer = await suite.feed.call(ana, 'POST', `/v1/posts/${question.id}/comments`, { body: 'Ask facilities.' });
    const reply = await suite.feed.call(ben, 'POST', `/v1/posts/${question.id}/comments`, { body: 'Agreed', parentCommentId: answer.body.id });
    expect(reply.body.parentCommentId).toBe(answer.body.id);
    const deeper = await suite.feed.call(cas, 'POST', `/v1/posts/${question.id}/comments`, { body: 'Too deep', parentCommentId: reply.body.id });
    expect(deeper.body.code).toBe('FEED.REPLY_DEPTH');
    expect((await suite.feed.call(author, 'POST', `/v1/posts/${question.id}/accepted-answer`, { commentId: reply.body.id })).body.code).toBe('FEED.ANSWER_NOT_ACCEPTABLE');
    const accepted = await suite.feed.call(author, 'POST', `/v1/posts/${question.id}/accepted-answer`, { commentId: answer.body.id });
    expect(accepted.body.progress).toEqual({ kind: 'answer', answers: 2, answered: true, acceptedCommentId: answer.body.id });
    const comments = await suite.feed.call(cas, 'GET', `/v1/posts/${question.id}/comments`);
    expect(comments.body.items.map((c: { accepted: boolean }) => c.accepted)).toEqual([true, false]);
  });

  it('share ideas and the idea status loop back to the author', async () => {
    const call = await publish('update', { kind: 'share-ideas' });
    await suite.feed.call(ana, 'POST', `/v1/posts/${call.id}/comments`, { body: 'Bike racks!' });
    expect((await suite.feed.call(ben, 'GET', `/v1/posts/${call.id}`)).body.progress).toEqual({ kind: 'share-ideas', contributions: 1 });
    const idea = await publish('idea', { kind: 'fyi' });
    expect((await suite.feed.call(author, 'POST', `/v1/posts/${idea.id}/idea-status`, { status: 'planned' })).body.code).toBe('FEED.NOT_PERMITTED');
    expect((await suite.feed.call(triager, 'POST', `/v1/posts/${idea.id}/idea-status`, { status: 'planned', note: 'Q3' })).body.ideaStatus).toBe('planned');
    expect((await suite.feed.call(triager, 'POST', `/v1/posts/${idea.id}/idea-status`, { status: 'declined' })).body.code).toBe('FEED.INVALID_CONTENT');
  });

  it('fyi posts, mentions and hashtags, and Idempotency-Key on creates', async () => {
    const body = { audience: { kind: 'organisation' }, kind: 'personal', body: 'Back from leave, thanks @[' + ana + '] #team', callToAction: { kind: 'fyi' } };
    const first = await suite.feed.call(author, 'POST', '/v1/posts', body, { 'idempotency-key': 'k-1' });
    const again = await suite.feed.call(author, 'POST', '/v1/posts', body, { 'idempotency-key': 'k-1' });
    expect(again.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ hashtags: ['team'], progress: { kind: 'fyi' } });
    // The longest key accepted (200 characters) works like any other, also when retried.
    const longKey = `k-${'x'.repeat(198)}`;
    const long = await suite.feed.call(author, 'POST', '/v1/posts', body, { 'idempotency-key': longKey });
    expect({ status: long.status, body: long.status === 201 ? null : long.body }).toEqual({ status: 201, body: null }); // was a 400 naming /causationId
    expect((await suite.feed.call(author, 'POST', '/v1/posts', body, { 'idempotency-key': longKey })).body.id).toBe(long.body.id);
    expect((await suite.feed.call(author, 'POST', '/v1/posts', body, { 'idempotency-key': `${longKey}y` })).status).toBe(400);
    const bad = await suite.feed.call(author, 'POST', '/v1/posts', { ...body, kind: 'poem' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'body.kind', message: expect.any(String) }]);
  });
});
