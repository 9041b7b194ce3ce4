import { uuidv7 } from '@plein/shared/kernel';
import { newUser, startFeed, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

/**
 * Commands against the real servers, for what a caller can learn or do outside their reach:
 * - every command on something the caller cannot see answers exactly as for a missing id (no
 *   existence oracle, whichever check would come first otherwise);
 * - platform admins get no membership bypass of closed and secret groups;
 * - an Idempotency-Key is scoped to the caller, so on a stream several people write to, a second
 *   person sending the same key is not taken for a retry.
 * FEED_CONSUMERS=off: every read below is served by what the request itself projected.
 */
describe('feed command guards (HTTP, real servers)', () => {
  let feed: FeedUnderTest;
  const owner = newUser();
  const member = newUser();
  const outsider = newUser();
  const outsideManager = newUser();
  const admin = newUser();
  const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();
  const ids: Record<string, string> = {};
  /** A post everyone sees (not in `ids`, so the probes keep it while swapping the invisible ids). */
  let openPost: string;

  const created = async (res: Promise<{ status: number; body: { id?: string; groupId?: string; jamId?: string; agendaItemId?: string } }>): Promise<string> => {
    const { status, body } = await res;
    expect(status).toBe(201);
    return (body.id ?? body.groupId ?? body.jamId ?? body.agendaItemId)!;
  };

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'off' });
    withRoles(feed, owner, ['employee', 'community-manager']);
    withRoles(feed, outsideManager, ['employee', 'community-manager']);
    withRoles(feed, admin, ['employee', 'moderator', 'admin']);
    const group = (visibility: string) => created(feed.call(owner, 'POST', '/v1/groups', { name: `Guarded ${visibility}`, visibility }));
    ids['secret'] = await group('secret');
    ids['closed'] = await group('closed');
    expect((await feed.call(owner, 'POST', `/v1/groups/${ids['secret']}/members/${member}/add`, {})).status).toBe(200);
    const audience = { kind: 'group', groupId: ids['secret'] };
    const post = (kind: string, callToAction: unknown) => created(feed.call(owner, 'POST', '/v1/posts', { audience, kind, body: `A ${kind} for members`, callToAction }));
    ids['question'] = await post('question', { kind: 'answer' });
    ids['idea'] = await post('idea', { kind: 'fyi' });
    ids['signup'] = await post('update', { kind: 'sign-up', capacity: 3 });
    ids['poll'] = await post('update', { kind: 'vote', options: ['Tuesday', 'Thursday'] });
    ids['comment'] = await created(feed.call(member, 'POST', `/v1/posts/${ids['question']}/comments`, { body: 'Ask facilities.' }));
    ids['jam'] = await created(feed.call(owner, 'POST', '/v1/jams', { audience, title: 'Greener lab', question: 'How do we waste less?', closesAt: inDays(7), votesPerPerson: 2 }));
    ids['jamIdea'] = await created(feed.call(member, 'POST', '/v1/posts', { audience, kind: 'idea', body: 'Lights off at night', callToAction: { kind: 'share-ideas' }, jamId: ids['jam'] }));
    openPost = await created(feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'For everyone', callToAction: { kind: 'fyi' } }));
    ids['agenda'] = await created(
      feed.call(owner, 'POST', '/v1/agenda', { audience, details: { kind: 'event', title: 'Lab tour', description: 'See the lab.', startsAt: inDays(2), endsAt: inDays(2.1) } }),
    );
  }, 180_000);

  afterAll(async () => {
    await feed?.close();
  });

  describe('no existence oracle: an invisible target answers exactly like a missing one', () => {
    const secretAudience = () => ({ kind: 'group', groupId: ids['secret'] });
    // [method, path, body]: every command, aimed at content of a secret group the caller is not in.
    const commands = (): [string, string, unknown?][] => [
      ['POST', '/v1/jams', { audience: secretAudience(), title: 'Mine now', question: 'Who am I?', closesAt: inDays(7), votesPerPerson: 1 }],
      ['POST', '/v1/agenda', { audience: secretAudience(), details: { kind: 'static', title: 'Notice', description: 'x' } }],
      ['POST', '/v1/posts', { audience: secretAudience(), kind: 'update', body: 'hi', callToAction: { kind: 'fyi' } }],
      ['POST', '/v1/posts', { audience: secretAudience(), kind: 'announcement', body: 'hi', callToAction: { kind: 'acknowledge' } }],
      ['POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'idea', body: 'hi', callToAction: { kind: 'share-ideas' }, jamId: ids['jam'] }],
      ['POST', `/v1/posts/${openPost}/comments`, { body: 'A reply to a secret comment', parentCommentId: ids['comment'] }],
      ['PATCH', `/v1/posts/${ids['question']}`, { body: 'Hijacked' }],
      ['DELETE', `/v1/posts/${ids['question']}`],
      ['POST', `/v1/posts/${ids['question']}/accepted-answer`, { commentId: ids['comment'] }],
      ['POST', `/v1/posts/${ids['idea']}/idea-status`, { status: 'planned' }],
      ['POST', `/v1/posts/${ids['signup']}/call-to-action/close`],
      ['POST', `/v1/posts/${ids['signup']}/sign-up`],
      ['DELETE', `/v1/posts/${ids['signup']}/sign-up`],
      ['PUT', `/v1/posts/${ids['poll']}/vote`, { optionIds: ['1'] }],
      ['POST', `/v1/posts/${ids['question']}/comments`, { body: 'Let me in' }],
      ['POST', `/v1/posts/${ids['question']}/comments`, { body: 'Let me in', parentCommentId: ids['comment'] }],
      ['PUT', `/v1/posts/${ids['question']}/reaction`, { kind: 'like' }],
      ['DELETE', `/v1/posts/${ids['question']}/reaction`],
      ['PATCH', `/v1/comments/${ids['comment']}`, { body: 'x' }],
      ['DELETE', `/v1/comments/${ids['comment']}`],
      ['PUT', `/v1/comments/${ids['comment']}/reaction`, { kind: 'like' }],
      ['DELETE', `/v1/comments/${ids['comment']}/reaction`],
      ['PATCH', `/v1/groups/${ids['secret']}`, { name: 'Taken over' }],
      ['PATCH', `/v1/groups/${ids['secret']}`, { visibility: 'open' }],
      ['POST', `/v1/groups/${ids['secret']}/join`, {}],
      ['POST', `/v1/groups/${ids['secret']}/leave`],
      ...['approve', 'decline', 'invite', 'add', 'remove', 'change-role'].map((action): [string, string, unknown] => ['POST', `/v1/groups/${ids['secret']}/members/${member}/${action}`, action === 'change-role' ? { role: 'owner' } : {}]),
      ['PUT', `/v1/follows/group/${ids['secret']}`],
      ['POST', `/v1/jams/${ids['jam']}/close`],
      ['POST', `/v1/jams/${ids['jam']}/cancel`, {}],
      ['POST', `/v1/jams/${ids['jam']}/outcomes`, { summary: 'Done', selectedIdeaIds: [ids['jamIdea']] }],
      ['PUT', `/v1/jams/${ids['jam']}/votes/${ids['jamIdea']}`],
      ['DELETE', `/v1/jams/${ids['jam']}/votes/${ids['jamIdea']}`],
      ['PATCH', `/v1/agenda/${ids['agenda']}`, { details: { kind: 'static', title: 'Moved', description: 'x' } }],
      ['POST', `/v1/agenda/${ids['agenda']}/cancel`, {}],
      ['PUT', `/v1/agenda/${ids['agenda']}/rsvp`, { answer: 'yes' }],
    ];

    const shape = (res: { status: number; body: { code?: string; title?: string; detail?: string } | null }, known: readonly string[]) => ({
      status: res.status,
      code: res.body?.code,
      title: res.body?.title,
      // The detail names the id asked for; apart from it, it must not differ either.
      detail: known.reduce((d, id) => d?.split(id).join('<id>'), res.body?.detail),
    });

    it.each([
      ['a colleague', () => outsider],
      ['a manager outside the group', () => outsideManager],
      ['an admin (no bypass)', () => admin],
    ])('answers %s 404 on every command, the same for a random id', async (_who, who) => {
      const mismatches: unknown[] = [];
      for (const [method, path, body] of commands()) {
        const guesses = new Map(Object.values(ids).map((id) => [id, uuidv7()]));
        const swap = (v: unknown): unknown => JSON.parse([...guesses].reduce((text, [id, guess]) => text.split(id).join(guess), JSON.stringify(v ?? null)));
        const existing = await feed.call(who(), method, path, body);
        const missing = await feed.call(who(), method, swap(path) as string, body === undefined ? undefined : swap(body));
        const a = shape(existing, [...guesses.keys()]);
        const b = shape(missing, [...guesses.values()]);
        if (a.status !== 404 || JSON.stringify(a) !== JSON.stringify(b)) mismatches.push({ method, path, body, existing: a, missing: b });
      }
      expect(mismatches).toEqual([]);
    });

    it('answers accepting a comment the author cannot see (deleted) like a missing comment', async () => {
      const question = await created(feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'question', body: 'Where is the key?', callToAction: { kind: 'answer' } }));
      const gone = await created(feed.call(outsider, 'POST', `/v1/posts/${question}/comments`, { body: 'Under the mat' }));
      expect([200, 204]).toContain((await feed.call(outsider, 'DELETE', `/v1/comments/${gone}`)).status);
      const deleted = await feed.call(owner, 'POST', `/v1/posts/${question}/accepted-answer`, { commentId: gone });
      const missing = await feed.call(owner, 'POST', `/v1/posts/${question}/accepted-answer`, { commentId: uuidv7() });
      expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'FEED.COMMENT_NOT_FOUND' });
      expect({ status: deleted.status, code: deleted.body.code, title: deleted.body.title }).toEqual({ status: 404, code: 'FEED.COMMENT_NOT_FOUND', title: missing.body.title });
    });

    it('still lets members act (the guard is not a blanket refusal)', async () => {
      expect((await feed.call(member, 'PUT', `/v1/posts/${ids['question']}/reaction`, { kind: 'like' })).status).toBe(200);
      expect((await feed.call(member, 'PUT', `/v1/agenda/${ids['agenda']}/rsvp`, { answer: 'maybe' })).status).toBe(200);
    });
  });

  describe('admins get no bypass of closed groups', () => {
    const closed = () => ids['closed']!;

    beforeAll(async () => {
      const secret = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'group', groupId: closed() }, kind: 'update', body: 'Members only', callToAction: { kind: 'fyi' } });
      expect(secret.status).toBe(201);
      ids['closedPost'] = secret.body.id;
    });

    it('refuses an admin adding themselves or inviting anyone, and leaves them outside', async () => {
      for (const action of ['add', 'invite', 'approve']) {
        const res = await feed.call(admin, 'POST', `/v1/groups/${closed()}/members/${admin}/${action}`, {});
        expect({ action, status: res.status, code: res.body?.code }).toEqual({ action, status: 403, code: 'FEED.NOT_PERMITTED' });
      }
      const colleague = newUser();
      const invited = await feed.call(admin, 'POST', `/v1/groups/${closed()}/members/${colleague}/invite`, {});
      expect({ status: invited.status, code: invited.body?.code }).toEqual({ status: 403, code: 'FEED.NOT_PERMITTED' });
      const added = await feed.call(admin, 'POST', `/v1/groups/${closed()}/members/${colleague}/add`, {});
      expect({ status: added.status, code: added.body?.code }).toEqual({ status: 403, code: 'FEED.NOT_PERMITTED' });
      const renamed = await feed.call(admin, 'PATCH', `/v1/groups/${closed()}`, { name: 'Renamed by an admin' });
      expect({ status: renamed.status, code: renamed.body?.code }).toEqual({ status: 403, code: 'FEED.NOT_PERMITTED' });
      expect((await feed.call(admin, 'GET', `/v1/groups/${closed()}`)).body.you).toEqual({ status: 'none', role: null });
      expect((await feed.call(admin, 'GET', `/v1/posts/${ids['closedPost']}`)).status).toBe(404);
    });

    it('makes an admin joining a closed group a request like anyone else', async () => {
      const joined = await feed.call(admin, 'POST', `/v1/groups/${closed()}/join`, { message: 'Audit' });
      expect(joined.status).toBe(200);
      expect(joined.body.you).toEqual({ status: 'requested', role: null });
      // Approving their own request is staff work, which an admin is not in someone else's group.
      const approved = await feed.call(admin, 'POST', `/v1/groups/${closed()}/members/${admin}/approve`, {});
      expect({ status: approved.status, code: approved.body?.code }).toEqual({ status: 403, code: 'FEED.NOT_PERMITTED' });
      expect((await feed.call(admin, 'GET', `/v1/groups/${closed()}/posts`)).status).toBe(404);
      // The group's owner decides, as for anyone.
      expect((await feed.call(owner, 'POST', `/v1/groups/${closed()}/members/${admin}/approve`, {})).body.status).toBe('member');
      expect((await feed.call(admin, 'GET', `/v1/posts/${ids['closedPost']}`)).status).toBe(200);
    });
  });

  describe('Idempotency-Key is scoped to the caller', () => {
    it('refuses a malformed key with the 400 every service gives, naming the header', async () => {
      const bad = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Bad key', callToAction: { kind: 'fyi' } }, { 'idempotency-key': 'has space' });
      expect(bad).toMatchObject({ status: 400, body: { code: 'PLATFORM.INVALID_IDEMPOTENCY_KEY', errors: [{ field: 'header.Idempotency-Key' }] } });
    });

    it('gives two people who create with the same key two posts, and each their own retry', async () => {
      const key = { 'idempotency-key': 'monday-note' };
      const post = (who: string, body: string) => feed.call(who, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body, callToAction: { kind: 'fyi' } }, key);
      const mine = await post(owner, 'Mine');
      const theirs = await post(member, 'Theirs');
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.body).toMatchObject({ authorId: member, body: expect.stringContaining('Theirs') });
      expect((await post(member, 'Theirs')).body.id).toBe(theirs.body.id);
    });

    it('does not drop a second owner\'s change that reuses the first owner\'s key on the shared group stream', async () => {
      const coOwner = newUser();
      const groupId = await created(feed.call(owner, 'POST', '/v1/groups', { name: 'Shared stream', visibility: 'open' }));
      expect((await feed.call(coOwner, 'POST', `/v1/groups/${groupId}/join`, {})).status).toBe(200);
      expect((await feed.call(owner, 'POST', `/v1/groups/${groupId}/members/${coOwner}/change-role`, { role: 'owner' })).body.role).toBe('owner');
      const key = { 'idempotency-key': 'rename-2026' };
      const first = await feed.call(owner, 'PATCH', `/v1/groups/${groupId}`, { name: 'Shared stream, renamed' }, key);
      expect(first.status).toBe(200);
      const second = await feed.call(coOwner, 'PATCH', `/v1/groups/${groupId}`, { description: 'Written by the co-owner' }, key);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ name: 'Shared stream, renamed', description: 'Written by the co-owner' });
      // The first owner's retry is still a retry: nothing new is written.
      const retried = await feed.call(owner, 'PATCH', `/v1/groups/${groupId}`, { name: 'Shared stream, renamed' }, key);
      expect(retried.body).toMatchObject({ name: 'Shared stream, renamed', description: 'Written by the co-owner' });
      const stream = await feed.service.infrastructure.store.readStream(`group-${groupId}`);
      expect(stream?.events.map((e) => [e.type, e.actorId])).toEqual([
        ['feed.group.created', owner],
        ['feed.group.details-changed', owner],
        ['feed.group.details-changed', coOwner],
      ]);
    });
  });
});
