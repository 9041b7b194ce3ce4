import { newUser, provisionUsers, startFeed, waitFor, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

interface Published {
  id: string;
  authorId: string;
  audience: { kind: string; groupId?: string };
  kind: string;
  hashtags: string[];
}

/**
 * The hybrid home timeline against a brute-force reference over the same data (real servers,
 * Kafka consumers on): fan-out on write for small audiences, merged on read for a large group,
 * announcements and hashtags, lazy rebuild for a reader who never read, stable pagination while
 * posts keep arriving, and deleted / moderated content leaving the timeline.
 */
describe('home timeline (HTTP + Kafka, real servers)', () => {
  let feed: FeedUnderTest;
  const reader = newUser();
  const lazy = newUser();
  const [alice, bob, carol] = [newUser(), newUser(), newUser()];
  const crowd = [newUser(), newUser(), newUser(), newUser()];
  const admin = newUser();
  const posts: Published[] = [];
  let small: string;
  let large: string;
  const follows = new Map<string, { people: Set<string>; groups: Set<string>; tags: Set<string> }>();

  const publish = async (author: string, audience: Published['audience'], body: string, kind = 'update') => {
    const res = await feed.call(author, 'POST', '/v1/posts', { audience, kind, body, callToAction: { kind: 'fyi' } });
    expect(res.status).toBe(201);
    posts.push({ id: res.body.id, authorId: author, audience, kind, hashtags: res.body.hashtags });
    return res.body.id as string;
  };

  /** What the reader should see: their sources, newest first (all content here is visible to them). */
  const reference = (who: string): string[] => {
    const f = follows.get(who)!;
    return posts
      .filter(
        (p) =>
          p.authorId === who ||
          (p.kind === 'announcement' && p.audience.kind === 'organisation') ||
          (f.people.has(p.authorId) && p.audience.kind !== 'group') ||
          (p.audience.groupId !== undefined && f.groups.has(p.audience.groupId)) ||
          p.hashtags.some((t) => f.tags.has(t)),
      )
      .map((p) => p.id)
      .sort()
      .reverse();
  };

  const readAll = async (who: string, limit: number, between?: () => Promise<void>): Promise<string[]> => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await feed.call(who, 'GET', `/v1/timelines/home?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.next;
      if (!cursor) return seen;
      await between?.();
    }
    throw new Error('timeline did not end');
  };

  beforeAll(async () => {
    // A fan-out threshold of 3 makes the 5-member group "large": merged on read.
    feed = await startFeed({ FEED_CONSUMERS: 'on', FEED_FANOUT_THRESHOLD: '3' });
    withRoles(feed, admin, ['employee', 'admin']);
    // People must be known (identity events) before they can be followed.
    await provisionUsers(feed, [alice, bob, carol]);
    const users = feed.service.infrastructure.deps.readModels.users;
    await waitFor('users projection', async () => (await Promise.all([alice, bob, carol].map((u) => users.user(u)))).every((u) => u?.active));
    small = (await feed.call(alice, 'POST', '/v1/groups', { name: 'Small', visibility: 'closed' })).body.groupId;
    large = (await feed.call(bob, 'POST', '/v1/groups', { name: 'Large', visibility: 'open' })).body.groupId;
    await feed.call(alice, 'POST', `/v1/groups/${small}/members/${reader}/add`, {});
    for (const who of [reader, lazy, ...crowd]) await feed.call(who, 'POST', `/v1/groups/${large}/join`, {});
    await feed.call(reader, 'PUT', `/v1/follows/person/${alice}`);
    await feed.call(reader, 'PUT', '/v1/follows/hashtag/ops');
    await feed.call(lazy, 'PUT', `/v1/follows/person/${carol}`);
    follows.set(reader, { people: new Set([alice]), groups: new Set([small, large]), tags: new Set(['ops']) });
    follows.set(lazy, { people: new Set([carol]), groups: new Set([large]), tags: new Set() });
    // The reader is active (their first read builds the timeline); `lazy` never reads until the end.
    expect((await feed.call(reader, 'GET', '/v1/timelines/home')).status).toBe(200);
    // Fan-out reads follows and memberships from their projections: let those catch up first.
    const infra = feed.service.infrastructure;
    await waitFor('follow and membership projections', async () => {
      const f = await infra.deps.readModels.follows.followers({ kind: 'person', userId: alice }, null, 10);
      const m = await infra.deps.readModels.groups.countMembers(large);
      return f.includes(reader) && m === 7;
    });
  }, 120_000);

  afterAll(async () => {
    await feed?.close();
  });

  it('equals a brute-force reference over the same data, fanned out or rebuilt lazily', async () => {
    const writes: Promise<unknown>[] = [];
    for (let k = 0; k < 3; k++) {
      writes.push(publish(alice, { kind: 'organisation' }, `Alice org ${k}`));
      writes.push(publish(alice, { kind: 'followers' }, `Alice followers ${k}`));
      writes.push(publish(alice, { kind: 'group', groupId: small }, `Small group ${k}`));
      writes.push(publish(bob, { kind: 'group', groupId: large }, `Large group ${k}`));
      writes.push(publish(carol, { kind: 'organisation' }, `Carol ${k} #ops`));
      writes.push(publish(carol, { kind: 'organisation' }, `Carol untagged ${k}`));
    }
    writes.push(publish(bob, { kind: 'organisation' }, 'All hands on Friday', 'announcement'));
    writes.push(publish(reader, { kind: 'followers' }, 'My own post'));
    await Promise.all(writes);
    const expected = reference(reader);
    await waitFor('fan-out to the reader', async () => JSON.stringify(await readAll(reader, 50)) === JSON.stringify(expected));
    expect(await readAll(reader, 4)).toEqual(expected);
    // Never read before: rebuilt from their sources on the first read.
    expect(await readAll(lazy, 5)).toEqual(reference(lazy));
  });

  it('pages stably while new posts arrive: every entry exactly once, nothing newer mixed in', async () => {
    const before = reference(reader);
    let n = 0;
    const shown = await readAll(reader, 3, async () => {
      await publish(alice, { kind: 'organisation' }, `Concurrent ${n++}`);
    });
    expect(shown).toEqual(before);
    // The new posts appear when the reader starts again from the top.
    await waitFor('the new posts', async () => JSON.stringify(await readAll(reader, 50)) === JSON.stringify(reference(reader)));
  });

  it('explore lists every organisation-wide post, also from people the reader does not follow, and nothing else', async () => {
    const pages: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await feed.call(lazy, 'GET', `/v1/timelines/organisation?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.next;
      if (!cursor) break;
    }
    const expected = posts.filter((p) => p.audience.kind === 'organisation').map((p) => p.id).sort().reverse();
    expect(pages).toEqual(expected);
    expect(pages.some((id) => posts.find((p) => p.id === id)!.authorId === alice)).toBe(true); // lazy follows only carol
  });

  it('drops deleted and moderated content from every timeline', async () => {
    const doomed = posts.find((p) => p.authorId === alice && p.audience.kind === 'organisation')!;
    expect((await feed.call(alice, 'DELETE', `/v1/posts/${doomed.id}`)).status).toBe(204);
    posts.splice(posts.indexOf(doomed), 1);
    await waitFor('deleted post to leave', async () => !(await readAll(reader, 50)).includes(doomed.id));
    expect(await readAll(reader, 50)).toEqual(reference(reader));
    expect(await feed.call(admin, 'GET', `/v1/posts/${doomed.id}`)).toMatchObject({ status: 404 });
  });
});
