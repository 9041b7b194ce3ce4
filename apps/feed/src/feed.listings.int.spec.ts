import { applyModerationDecision } from '@plein/feed/application';
import { uuidv7 } from '@plein/shared/kernel';
import { newUser, startFeed, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

/**
 * Listings and cursors over HTTP (real servers): a listing filters in its query, so a page's
 * `next` is always the id of something the caller was shown, never of a secret group or a
 * deleted comment, and paging one by one takes exactly as many pages as there are visible
 * items. Timeline cursors are checked: a forged one is a 400 naming `query.cursor`.
 */
describe('feed listings and cursors (HTTP, real servers)', () => {
  let feed: FeedUnderTest;
  const owner = newUser();
  const outsider = newUser();
  const commenter = newUser();
  const secret: string[] = [];
  const visible: string[] = [];

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'off' });
    // Interleaved, so secret ids sit between visible ones in id order.
    for (const visibility of ['secret', 'open', 'secret', 'closed', 'secret', 'secret', 'open', 'secret'] as const) {
      const group = await feed.call(owner, 'POST', '/v1/groups', { name: `A ${visibility} group`, visibility });
      expect(group.status).toBe(201);
      (visibility === 'secret' ? secret : visible).push(group.body.groupId);
    }
  }, 120_000);

  afterAll(async () => {
    await feed?.close();
  });

  /** Pages with limit=1 from the start; returns the items' ids and every `next` seen. */
  async function pageOneByOne(userId: string, path: string): Promise<{ ids: string[]; nexts: string[]; pages: number }> {
    const ids: string[] = [];
    const nexts: string[] = [];
    let after: string | null = null;
    for (let pages = 1; pages <= 50; pages++) {
      const res = await feed.call(userId, 'GET', `${path}?limit=1${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((i: { groupId?: string; id?: string }) => i.groupId ?? i.id));
      if (res.body.next === null) return { ids, nexts, pages };
      nexts.push(res.body.next);
      after = res.body.next;
    }
    throw new Error('paging did not end');
  }

  it('pages /v1/groups without ever pointing a non-member at a secret group', async () => {
    const { ids, nexts, pages } = await pageOneByOne(outsider, '/v1/groups');
    expect(ids).toEqual([...visible].sort());
    for (const next of nexts) expect(visible).toContain(next);
    expect(pages).toBe(visible.length);
  });

  it('lists secret groups to their members, with the same paging', async () => {
    const { ids, nexts, pages } = await pageOneByOne(owner, '/v1/groups');
    expect(ids).toEqual([...secret, ...visible].sort());
    expect(nexts).toEqual(ids.slice(0, -1));
    expect(pages).toBe(ids.length);
  });

  it('pages comments without pointing at deleted ones', async () => {
    const post = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Lunch options', callToAction: { kind: 'fyi' } });
    expect(post.status).toBe(201);
    const postId = post.body.id;
    const kept: string[] = [];
    const deleted: string[] = [];
    for (let k = 0; k < 14; k++) {
      const comment = await feed.call(commenter, 'POST', `/v1/posts/${postId}/comments`, { body: `Comment ${k}` });
      expect(comment.status).toBe(201);
      if (k === 0 || k === 13) kept.push(comment.body.id);
      else deleted.push(comment.body.id);
    }
    for (const id of deleted) expect((await feed.call(commenter, 'DELETE', `/v1/comments/${id}`)).status).toBe(204);
    for (const reader of [outsider, commenter]) {
      const { ids, nexts, pages } = await pageOneByOne(reader, `/v1/posts/${postId}/comments`);
      expect(ids).toEqual(kept);
      expect(nexts).toEqual([kept[0]]);
      expect(pages).toBe(kept.length);
    }
  });

  it('pages hidden comments only for their author and moderators, removed ones for nobody', async () => {
    const moderator = newUser();
    withRoles(feed, moderator, ['employee', 'moderator']);
    const post = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Parking', callToAction: { kind: 'fyi' } });
    const postId = post.body.id;
    const ids: string[] = [];
    for (let k = 0; k < 5; k++) ids.push((await feed.call(k === 2 ? outsider : commenter, 'POST', `/v1/posts/${postId}/comments`, { body: `Comment ${k}` })).body.id);
    const decide = (type: string, contentId: string) =>
      applyModerationDecision(feed.service.infrastructure.deps, {
        id: uuidv7(), type: `moderation.decision.${type}`, version: 1, source: 'plein/moderation', aggregateType: 'decision', aggregateId: `comment:${contentId}`, sequence: 1,
        occurredAt: new Date().toISOString(), correlationId: 'test', causationId: uuidv7(), actorId: 'system:test',
        data: { decisionId: uuidv7(), contentType: 'comment', contentId, postId, authorId: commenter, reasonCode: 'spam' },
      });
    expect(await decide('content-hidden', ids[1]!)).toBe('applied');
    expect(await decide('content-hidden', ids[3]!)).toBe('applied');
    expect(await decide('content-removed', ids[4]!)).toBe('applied');
    const expected = new Map([
      [outsider, [ids[0], ids[2]]],
      [commenter, [ids[0], ids[1], ids[2], ids[3]]],
      [moderator, [ids[0], ids[1], ids[2], ids[3]]],
    ]);
    for (const [reader, shown] of expected) {
      const { ids: seen, nexts, pages } = await pageOneByOne(reader, `/v1/posts/${postId}/comments`);
      expect(seen).toEqual(shown);
      expect(nexts).toEqual(shown.slice(0, -1));
      expect(pages).toBe(shown.length);
    }
  });

  it('answers a forged timeline cursor with 400 problem+json naming query.cursor, on every timeline', async () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, t: 0, p: 'ffffffff-ffff-7fff-bfff-ffffffffffff' })).toString('base64url');
    for (const path of ['/v1/timelines/home', '/v1/timelines/organisation', '/v1/timelines/hashtags/lunch', `/v1/groups/${visible[0]}/posts`]) {
      const res = await feed.call(outsider, 'GET', `${path}?cursor=${forged}`);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'FEED.INVALID_CURSOR' });
      expect(res.body.errors).toEqual([{ field: 'query.cursor', message: expect.any(String) }]);
    }
  });
  /** Pages `path` two at a time over HTTP, following `next`; returns every item in order. */
  async function pageAll<T>(userId: string, path: string): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let after: string | null = null;
    for (let pages = 1; pages <= 20; pages++) {
      const res = await feed.call(userId, 'GET', `${path}?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      items.push(...res.body.items);
      if (res.body.next === null) return { items, pages };
      after = res.body.next;
    }
    throw new Error('paging did not end');
  }

  it('pages what a person follows and a post\'s sign-ups over HTTP with after/limit', async () => {
    const follower = newUser();
    const tags = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    for (const tag of tags) expect((await feed.call(follower, 'PUT', `/v1/follows/hashtag/${tag}`)).status).toBe(200);
    const follows = await pageAll<{ kind: string; tag: string }>(follower, '/v1/follows');
    expect(follows.items.map((f) => f.tag)).toEqual(tags);
    expect(follows.pages).toBe(3);

    const deadline = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const post = await feed.call(owner, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Volunteers?', callToAction: { kind: 'sign-up', capacity: 10, deadline } });
    expect(post.status).toBe(201);
    const volunteers = [newUser(), newUser(), newUser()];
    for (const v of volunteers) expect((await feed.call(v, 'POST', `/v1/posts/${post.body.id}/sign-up`)).status).toBeLessThan(300);
    const signUps = await pageAll<{ userId: string }>(owner, `/v1/posts/${post.body.id}/sign-ups`);
    expect(signUps.items.map((s) => s.userId)).toEqual(volunteers);
    expect(signUps.pages).toBe(2);
    const bad = await feed.call(owner, 'GET', `/v1/posts/${post.body.id}/sign-ups?after=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('query.after');
  });
});
