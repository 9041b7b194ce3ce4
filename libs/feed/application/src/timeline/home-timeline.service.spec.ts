import { FixedClock } from '@plein/shared/kernel';
import type { FeedDependencies, RequestContext } from '../context';
import type { HomeTimelineStore, TimelineSources } from '../ports';
import { DEFAULT_FAN_OUT } from './fan-out';
import { HomeTimelineService, type TimelineDeps } from './home-timeline.service';

/** The reader-side upkeep of a fan-out timeline: lazy rebuild and the lazily enforced cap. */
describe('HomeTimelineService upkeep', () => {
  const HOUR = 3600_000;
  const ctx: RequestContext = { caller: { userId: 'ann', roles: ['employee'] }, correlationId: 'test' };

  function setup(owner: { lastReadAt: Date | null; builtAt: Date | null } | null) {
    const clock = new FixedClock(new Date('2026-11-22T12:00:00Z'));
    const calls: string[] = [];
    const timelines: HomeTimelineStore = {
      add: async () => undefined,
      addMany: async (ownerId, entries) => void calls.push(`addMany ${ownerId} ${entries.length}`),
      read: async () => [],
      removePost: async () => undefined,
      trim: async (ownerId, cap) => void calls.push(`trim ${ownerId} ${cap}`),
      owner: async () => owner,
      touch: async (ownerId, at, built) => void calls.push(`touch ${ownerId} ${at.toISOString()} ${built}`),
      activeOwners: async () => new Set(),
      markLarge: async () => undefined,
      largeSources: async () => new Set(),
    };
    const sources: TimelineSources = { read: async (source) => (source.kind === 'author' && source.authorId === 'ann' ? [{ postId: '019a0000-0000-7000-8000-000000000001', createdAt: 1 }] : []) };
    const readModels = {
      users: { user: async () => null },
      groups: { membershipsOf: async () => new Map(), groups: async () => new Map() },
      follows: { followedPeople: async () => new Set(), follows: async () => [] },
      posts: { posts: async () => new Map(), commentCounts: async () => new Map(), reactionCounts: async () => new Map(), userReactions: async () => new Map() },
    } as unknown as FeedDependencies['readModels'];
    const deps = { readModels, clock, timelines, sources, fanOut: DEFAULT_FAN_OUT } as unknown as TimelineDeps;
    return { service: new HomeTimelineService(deps), calls, clock };
  }

  it('trims an active reader to the cap when they come back after an hour, and marks the read', async () => {
    const { service, calls, clock } = setup({ lastReadAt: new Date(Date.parse('2026-11-22T12:00:00Z') - 2 * HOUR), builtAt: new Date('2026-11-01T00:00:00Z') });
    await service.page(ctx, null, 20);
    expect(calls).toEqual([`trim ann ${DEFAULT_FAN_OUT.cap}`, `touch ann ${clock.now().toISOString()} false`]);
  });

  it('neither trims nor writes for a reader who read within the hour', async () => {
    const { service, calls } = setup({ lastReadAt: new Date(Date.parse('2026-11-22T12:00:00Z') - 10 * 60_000), builtAt: new Date('2026-11-01T00:00:00Z') });
    await service.page(ctx, null, 20);
    expect(calls).toEqual([]);
  });

  it('rebuilds a reader who never read: marks them active first, fills from their sources, then marks it built', async () => {
    const { service, calls, clock } = setup(null);
    await service.page(ctx, null, 20);
    const at = clock.now().toISOString();
    expect(calls).toEqual([`touch ann ${at} false`, 'addMany ann 1', `touch ann ${at} true`]);
  });
});

/** One request's work is bounded, whatever the cursor and however many entries are invisible. */
describe('HomeTimelineService bounded work', () => {
  const ctx: RequestContext = { caller: { userId: 'ann', roles: ['employee'] }, correlationId: 'test' };
  const NOW = Date.parse('2026-11-22T12:00:00Z');
  /** A UUIDv7 post id k milliseconds before NOW (newest first as k grows). */
  const postId = (k: number) => `${(NOW - k).toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-')}-7000-8000-${String(k).padStart(12, '0')}`;
  const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

  function setup(follows: { kind: string; [k: string]: string }[] = []) {
    const work = { sourceReads: 0, idsRead: 0, postLookups: 0 };
    // An endless list of posts none of which the reader may see (missing from the posts read model).
    const endless = async (before: string | null, limit: number) => {
      work.sourceReads++;
      const start = before ? NOW - timeOf(before) + 1 : 0;
      work.idsRead += limit;
      return Array.from({ length: limit }, (_, k) => ({ postId: postId(start + k), createdAt: NOW - start - k }));
    };
    const timelines = {
      read: (_owner: string, before: string | null, limit: number) => endless(before, limit),
      owner: async () => ({ lastReadAt: new Date(NOW - 60_000), builtAt: new Date(NOW - 60_000) }),
      largeSources: async (keys: readonly string[]) => new Set(keys),
    } as unknown as HomeTimelineStore;
    const sources: TimelineSources = { read: (_source, before, limit) => endless(before, limit) };
    const readModels = {
      users: { user: async () => null },
      groups: { membershipsOf: async () => new Map(), groups: async () => new Map(), group: async (groupId: string) => ({ groupId, visibility: 'open' }) },
      follows: { followedPeople: async () => new Set(), follows: async () => follows },
      posts: {
        posts: async (ids: readonly string[]) => {
          work.postLookups += ids.length;
          return new Map();
        },
        commentCounts: async () => new Map(),
        reactionCounts: async () => new Map(),
        userReactions: async () => new Map(),
      },
    } as unknown as FeedDependencies['readModels'];
    const deps = { readModels, clock: new FixedClock(new Date(NOW)), timelines, sources, fanOut: DEFAULT_FAN_OUT } as unknown as TimelineDeps;
    return { service: new HomeTimelineService(deps), work };
  }

  const BUDGET = 4_000;

  it.each([
    ['hashtag', { kind: 'hashtag', tag: 'x' }],
    ['group', { kind: 'group', groupId: '019a0000-0000-7000-8000-000000000001' }],
    ['organisation', { kind: 'organisation' }],
  ] as const)('a %s timeline of invisible posts reads a bounded number of ids and still moves on', async (_name, source) => {
    const { service, work } = setup();
    const page = await service.list(ctx, source, null, 100);
    expect(page.items).toEqual([]);
    expect(page.next).not.toBeNull();
    expect(work.idsRead).toBeLessThanOrEqual(BUDGET);
    expect(work.postLookups).toBeLessThanOrEqual(BUDGET);
    const after = await service.list(ctx, source, page.next, 100);
    expect(after.next).not.toEqual(page.next);
  });

  it('a home timeline merges a bounded number of sources, however many things the reader follows', async () => {
    const follows = [
      ...Array.from({ length: 200 }, (_, k) => ({ kind: 'hashtag', tag: `tag${k}` })),
      ...Array.from({ length: 200 }, (_, k) => ({ kind: 'group', groupId: postId(k) })),
      ...Array.from({ length: 200 }, (_, k) => ({ kind: 'person', userId: postId(1_000 + k) })),
    ];
    const { service, work } = setup(follows);
    const page = await service.page(ctx, null, 100);
    expect(page.next).not.toBeNull();
    expect(work.idsRead).toBeLessThanOrEqual(BUDGET);
    expect(work.postLookups).toBeLessThanOrEqual(BUDGET);
    expect(work.sourceReads).toBeLessThanOrEqual(5 * 7);
  });

  it('refuses a forged cursor (time 0, the largest post id) with a validation error naming query.cursor', async () => {
    const { service, work } = setup();
    const forged = Buffer.from(JSON.stringify({ v: 1, t: 0, p: 'ffffffff-ffff-7fff-bfff-ffffffffffff' })).toString('base64url');
    for (const call of [() => service.page(ctx, forged, 20), () => service.list(ctx, { kind: 'hashtag', tag: 'x' }, forged, 20)]) {
      await expect(call()).rejects.toMatchObject({ kind: 'validation', code: 'FEED.INVALID_CURSOR', violations: [{ field: 'query.cursor', message: expect.any(String) }] });
    }
    expect(work.idsRead).toBe(0);
  });

  it('refuses a page size above 100 naming query.limit', async () => {
    const { service } = setup();
    await expect(service.list(ctx, { kind: 'organisation' }, null, 101)).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'query.limit', message: expect.any(String) }] });
  });
});
