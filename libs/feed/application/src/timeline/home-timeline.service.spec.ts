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
