import { uuidv7 } from '@plein/shared/kernel';
import { newUser, startFeed, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

/**
 * The visibility matrix over HTTP (real servers): a secret group's content is invisible to a
 * non-member through every endpoint, by id and by listing, exactly like a missing id; admins get
 * no read bypass. Runs with FEED_CONSUMERS=off: every read below is served by the read models
 * the request itself updated (read-your-writes), so no Kafka lag is involved.
 */
describe('feed visibility (HTTP, real servers)', () => {
  let feed: FeedUnderTest;
  const owner = newUser();
  const member = newUser();
  const outsider = newUser();
  const admin = newUser();
  let groupId: string;
  let postId: string;
  let ackPostId: string;
  let commentId: string;
  const nobody = uuidv7();

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'off' });
    withRoles(feed, admin, ['employee', 'moderator', 'admin']);
    const group = await feed.call(owner, 'POST', '/v1/groups', { name: 'Board room', visibility: 'secret' });
    expect(group.status).toBe(201);
    groupId = group.body.groupId;
    expect((await feed.call(owner, 'POST', `/v1/groups/${groupId}/members/${member}/invite`, {})).status).toBe(200);
    expect((await feed.call(member, 'POST', `/v1/groups/${groupId}/join`, {})).body.you).toEqual({ status: 'member', role: 'member' });
    const post = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'group', groupId }, kind: 'update', body: 'Merger talks start Monday #secret', callToAction: { kind: 'fyi' } });
    expect(post.status).toBe(201);
    postId = post.body.id;
    const ack = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'group', groupId }, kind: 'announcement', body: 'Read the NDA', callToAction: { kind: 'acknowledge' } });
    ackPostId = ack.body.id;
    const comment = await feed.call(member, 'POST', `/v1/posts/${postId}/comments`, { body: 'Noted.' });
    expect(comment.status).toBe(201);
    commentId = comment.body.id;
    expect((await feed.call(member, 'PUT', `/v1/posts/${postId}/reaction`, { kind: 'insightful' })).status).toBe(200);
    expect((await feed.call(member, 'POST', `/v1/posts/${ackPostId}/acknowledgement`)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await feed?.close();
  });

  it('shows the content to members', async () => {
    const seen = await feed.call(member, 'GET', `/v1/posts/${postId}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: postId, counts: { comments: 1, reactions: { insightful: 1 } }, you: { reaction: 'insightful' } });
    expect((await feed.call(member, 'GET', `/v1/posts/${postId}/comments`)).body.items.map((c: { id: string }) => c.id)).toEqual([commentId]);
    expect((await feed.call(member, 'GET', `/v1/groups/${groupId}/posts`)).body.items.map((p: { id: string }) => p.id)).toEqual([ackPostId, postId]);
    const acks = await feed.call(owner, 'GET', `/v1/posts/${ackPostId}/acknowledgements`);
    expect(acks.body.people).toEqual(
      expect.arrayContaining([
        { userId: member, acknowledged: true, acknowledgedAt: expect.any(String) },
        { userId: owner, acknowledged: false, acknowledgedAt: null },
      ]),
    );
  });

  // Every read and write path a non-member could try, with the id of secret content.
  const probes = (): [string, string, string, unknown?][] => [
    ['GET', `/v1/posts/${postId}`, 'FEED.POST_NOT_FOUND'],
    ['GET', `/v1/posts/${postId}/history`, 'FEED.POST_NOT_FOUND'],
    ['GET', `/v1/posts/${postId}/comments`, 'FEED.POST_NOT_FOUND'],
    ['GET', `/v1/posts/${postId}/reactions`, 'FEED.POST_NOT_FOUND'],
    ['GET', `/v1/posts/${ackPostId}/acknowledgements`, 'FEED.POST_NOT_FOUND'],
    ['GET', `/v1/posts/${ackPostId}/sign-ups`, 'FEED.POST_NOT_FOUND'],
    ['POST', `/v1/posts/${ackPostId}/acknowledgement`, 'FEED.POST_NOT_FOUND'],
    ['POST', `/v1/posts/${postId}/comments`, 'FEED.POST_NOT_FOUND', { body: 'Let me in' }],
    ['PUT', `/v1/posts/${postId}/reaction`, 'FEED.POST_NOT_FOUND', { kind: 'like' }],
    ['PATCH', `/v1/posts/${postId}`, 'FEED.POST_NOT_FOUND', { body: 'Hijacked' }],
    ['DELETE', `/v1/posts/${postId}`, 'FEED.POST_NOT_FOUND'],
    ['POST', `/v1/posts/${postId}/call-to-action/close`, 'FEED.POST_NOT_FOUND'],
    ['GET', `/v1/comments/${commentId}/reactions`, 'FEED.COMMENT_NOT_FOUND'],
    ['PUT', `/v1/comments/${commentId}/reaction`, 'FEED.COMMENT_NOT_FOUND', { kind: 'like' }],
    ['PATCH', `/v1/comments/${commentId}`, 'FEED.COMMENT_NOT_FOUND', { body: 'x' }],
    ['DELETE', `/v1/comments/${commentId}`, 'FEED.COMMENT_NOT_FOUND'],
    ['GET', `/v1/groups/${groupId}`, 'FEED.GROUP_NOT_FOUND'],
    ['GET', `/v1/groups/${groupId}/posts`, 'FEED.GROUP_NOT_FOUND'],
    ['GET', `/v1/groups/${groupId}/members`, 'FEED.GROUP_NOT_FOUND'],
    ['POST', `/v1/groups/${groupId}/join`, 'FEED.GROUP_NOT_FOUND', {}],
    ['PUT', `/v1/follows/group/${groupId}`, 'FEED.GROUP_NOT_FOUND'],
    ['PUT', `/v1/follows/person/${nobody}`, 'FEED.PERSON_NOT_FOUND'], // a person nobody provisioned: the same 404
    ['POST', '/v1/posts', 'FEED.GROUP_NOT_FOUND', { audience: { kind: 'group', groupId }, kind: 'update', body: 'hi', callToAction: { kind: 'fyi' } }],
  ];

  it.each([
    ['a colleague', () => outsider],
    ['an admin (no read bypass)', () => admin],
  ])('answers %s exactly as for a missing id, on every endpoint', async (_who, who) => {
    for (const [method, path, code, body] of probes()) {
      const res = await feed.call(who(), method, path, body);
      expect({ method, path, status: res.status, code: res.body?.code }).toEqual({ method, path, status: 404, code });
      // Same answer for an id nobody ever used: nothing to learn by probing.
      const guessed = path.replace(postId, uuidv7()).replace(ackPostId, uuidv7()).replace(commentId, uuidv7()).replace(groupId, uuidv7());
      if (guessed !== path) {
        const missing = await feed.call(who(), method, guessed, body);
        expect({ path: guessed, status: missing.status, code: missing.body?.code }).toEqual({ path: guessed, status: 404, code });
      }
    }
  });

  it('leaves secret content out of every listing for non-members', async () => {
    for (const who of [outsider, admin]) {
      const groups = await feed.call(who, 'GET', '/v1/groups');
      expect(groups.body.items.map((g: { groupId: string }) => g.groupId)).not.toContain(groupId);
      const home = await feed.call(who, 'GET', '/v1/timelines/home');
      expect(home.status).toBe(200);
      expect(home.body.items.map((p: { id: string }) => p.id)).not.toEqual(expect.arrayContaining([postId]));
      const tag = await feed.call(who, 'GET', '/v1/timelines/hashtags/secret');
      expect(tag.body.items).toEqual([]);
      const explore = await feed.call(who, 'GET', '/v1/timelines/organisation?limit=100');
      expect(explore.status).toBe(200);
      expect(explore.body.items.map((p: { id: string }) => p.id)).not.toContain(postId);
    }
    const memberTag = await feed.call(member, 'GET', '/v1/timelines/hashtags/secret');
    expect(memberTag.body.items.map((p: { id: string }) => p.id)).toEqual([postId]);
  });

  it('refuses requests without a valid platform token with a 401 problem', async () => {
    const res = await fetch(`${feed.service.url}/v1/posts/${postId}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const forged = await fetch(`${feed.service.url}/v1/posts/${postId}`, { headers: { authorization: 'Bearer a.b.c' } });
    expect(forged.status).toBe(401);
  });

  it('keeps a removed member out again', async () => {
    expect((await feed.call(owner, 'POST', `/v1/groups/${groupId}/members/${member}/remove`, {})).status).toBe(200);
    expect((await feed.call(member, 'GET', `/v1/posts/${postId}`)).status).toBe(404);
    expect((await feed.call(member, 'GET', `/v1/groups/${groupId}`)).body.code).toBe('FEED.GROUP_NOT_FOUND');
  });
});
