import {
  canSee,
  canSeeGroupContent,
  FeedNotFoundError,
  compareNewestFirst,
  decodeCursor,
  encodeCursor,
  mergeTimeline,
  type TimelineCursor,
  type TimelineEntry,
  type TimelineSourceSlice,
  type Viewer,
  type VisibilityFacts,
} from '@plein/feed/domain';
import { postFacts, viewerOf, type FeedDependencies, type RequestContext } from '../context';
import type { GroupView, HomeTimelineStore, PostView, TimelineSource, TimelineSources } from '../ports';
import { renderPosts, type PostRepresentation } from '../posts/post-view';
import { DEFAULT_FAN_OUT, sourceKey, type FanOutSettings } from './fan-out';

export interface TimelineDeps extends FeedDependencies {
  readonly timelines: HomeTimelineStore;
  readonly sources: TimelineSources;
  readonly fanOut?: FanOutSettings;
}

export interface TimelinePageResult {
  readonly items: PostRepresentation[];
  readonly next: string | null;
}

type NamedSource = { readonly name: string; read(before: string | null, limit: number): Promise<TimelineEntry[]> };

const MAX_ROUNDS = 6;
const TOUCH_EVERY_MS = 3600 * 1000;

/**
 * The home timeline: the reader's fan-out-on-write timeline merged on read with shared lists
 * (organisation announcements, followed hashtags, groups and authors too large to fan out),
 * newest first, with an opaque cursor (createdAt, postId) so pages stay stable while new posts
 * arrive. Every entry passes the visibility policy. A returning inactive reader's timeline is
 * rebuilt from their sources before the first page; an active reader's is trimmed to the cap at
 * most hourly, when they read (fan-out only inserts).
 */
export class HomeTimelineService {
  private readonly settings: FanOutSettings;
  constructor(private readonly deps: TimelineDeps) {
    this.settings = deps.fanOut ?? DEFAULT_FAN_OUT;
  }

  async page(ctx: RequestContext, cursor: string | null, limit: number): Promise<TimelinePageResult> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    await this.ensureBuilt(viewer);
    return this.merged(viewer, await this.sourcesOf(viewer), cursor, limit);
  }

  /** One shared list (a group's or a hashtag's posts) for this reader, same paging and visibility. */
  async list(ctx: RequestContext, source: TimelineSource, cursor: string | null, limit: number): Promise<TimelinePageResult> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    if (source.kind === 'group') {
      const group = await this.deps.readModels.groups.group(source.groupId);
      if (!group || !canSeeGroupContent(viewer, group)) throw new FeedNotFoundError('group', source.groupId);
    }
    return this.merged(viewer, [{ name: nameOf(source), read: (b, n) => this.deps.sources.read(source, b, n) }], cursor, limit);
  }

  private async merged(viewer: Viewer, sources: NamedSource[], cursor: string | null, limit: number): Promise<TimelinePageResult> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const windows = new Map(sources.map((s) => [s.name, limit + 1]));
    const before = after ? after.postId : null;
    const facts = new Map<string, { post: PostView; facts: VisibilityFacts } | null>();
    for (let round = 0; ; round++) {
      const slices = await Promise.all(sources.map((s) => this.slice(s, before, windows.get(s.name)!)));
      await this.loadFacts(slices.flatMap((s) => s.entries), facts);
      const page = mergeTimeline({
        sources: slices,
        ...(after ? { after } : {}),
        limit,
        isVisible: (e) => {
          const f = facts.get(e.postId);
          return f !== null && f !== undefined && canSee(viewer, f.facts);
        },
      });
      if (page.needMore.length === 0 || page.entries.length === limit || round === MAX_ROUNDS) {
        const items = await renderPosts(this.deps, viewer, page.entries.map((e) => facts.get(e.postId)!));
        return { items, next: page.next ? encodeCursor(page.next) : null };
      }
      for (const name of page.needMore) windows.set(name, windows.get(name)! * 4);
    }
  }

  /** The sources a reader's page merges (named for `needMore`). */
  async sourcesOf(viewer: Viewer): Promise<NamedSource[]> {
    const rm = this.deps.readModels;
    const follows = await rm.follows.follows(viewer.userId);
    const groupIds = new Set<string>([...viewer.groupMemberships.keys()]);
    const authors: string[] = [];
    const tags: string[] = [];
    for (const f of follows) {
      if (f.kind === 'group') groupIds.add(f.groupId);
      else if (f.kind === 'person') authors.push(f.userId);
      else tags.push(f.tag);
    }
    const large = await this.deps.timelines.largeSources([...[...groupIds].map(sourceKey.group), ...authors.map(sourceKey.author)]);
    const shared: TimelineSource[] = [
      { kind: 'announcements' },
      ...tags.map((tag) => ({ kind: 'hashtag' as const, tag })),
      ...[...groupIds].filter((g) => large.has(sourceKey.group(g))).map((groupId) => ({ kind: 'group' as const, groupId })),
      ...authors.filter((a) => large.has(sourceKey.author(a))).map((authorId) => ({ kind: 'author' as const, authorId })),
    ];
    const home: NamedSource = { name: 'home', read: (b, n) => this.deps.timelines.read(viewer.userId, b, n) };
    return [home, ...shared.map((s) => ({ name: nameOf(s), read: (b: string | null, n: number) => this.deps.sources.read(s, b, n) }))];
  }

  /**
   * Lazy rebuild (Mastodon's FeedManager): a reader who never read, or not within the inactivity
   * window, got no fan-out meanwhile. Mark them active first (so fan-out resumes and nothing
   * published during the rebuild is lost), then fill the timeline from their sources.
   */
  private async ensureBuilt(viewer: Viewer): Promise<void> {
    const now = this.deps.clock.now();
    const owner = await this.deps.timelines.owner(viewer.userId);
    const stale = !owner?.lastReadAt || !owner.builtAt || now.getTime() - owner.lastReadAt.getTime() > this.settings.inactiveAfterMs;
    if (!stale) {
      if (now.getTime() - owner!.lastReadAt!.getTime() > TOUCH_EVERY_MS) {
        // Lazy cap: fan-out only inserts; the reader's timeline is trimmed when they come back.
        await this.deps.timelines.trim(viewer.userId, this.settings.cap);
        await this.deps.timelines.touch(viewer.userId, now, false);
      }
      return;
    }
    await this.deps.timelines.touch(viewer.userId, now, false);
    await this.rebuild(viewer);
    await this.deps.timelines.touch(viewer.userId, now, true);
  }

  /** Fills the reader's timeline with what fan-out would have given them (newest `cap`). */
  async rebuild(viewer: Viewer): Promise<number> {
    const follows = await this.deps.readModels.follows.follows(viewer.userId);
    const sources: TimelineSource[] = [{ kind: 'author', authorId: viewer.userId, includeGroups: true }];
    const groupIds = new Set([...viewer.groupMemberships.keys()]);
    for (const f of follows) {
      if (f.kind === 'person') sources.push({ kind: 'author', authorId: f.userId });
      if (f.kind === 'group') groupIds.add(f.groupId);
    }
    for (const groupId of groupIds) sources.push({ kind: 'group', groupId });
    const lists = await Promise.all(sources.map((s) => this.deps.sources.read(s, null, this.settings.cap)));
    const entries = dedupe(lists.flat()).sort(compareNewestFirst).slice(0, this.settings.cap);
    if (entries.length > 0) await this.deps.timelines.addMany(viewer.userId, entries);
    return entries.length;
  }

  private async slice(source: NamedSource, before: string | null, window: number): Promise<TimelineSourceSlice> {
    const entries = await source.read(before, window);
    return { source: source.name, entries, exhausted: entries.length < window };
  }

  private async loadFacts(entries: readonly TimelineEntry[], into: Map<string, { post: PostView; facts: VisibilityFacts } | null>): Promise<void> {
    const missing = [...new Set(entries.map((e) => e.postId))].filter((id) => !into.has(id));
    if (missing.length === 0) return;
    const posts = await this.deps.readModels.posts.posts(missing);
    const groupIds = [...new Set([...posts.values()].flatMap((p) => (p.audience.kind === 'group' ? [p.audience.groupId] : [])))];
    const groups: Map<string, GroupView> = groupIds.length ? await this.deps.readModels.groups.groups(groupIds) : new Map();
    for (const id of missing) {
      const post = posts.get(id);
      into.set(id, post ? { post, facts: postFacts(post, post.audience.kind === 'group' ? groups.get(post.audience.groupId) : null) } : null);
    }
  }
}

function nameOf(source: TimelineSource): string {
  switch (source.kind) {
    case 'announcements':
      return 'announcements';
    case 'group':
      return `group:${source.groupId}`;
    case 'author':
      return `author:${source.authorId}`;
    case 'hashtag':
      return `hashtag:${source.tag}`;
    case 'organisation':
      return 'organisation';
  }
}

function dedupe(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...new Map(entries.map((e) => [e.postId, e])).values()];
}

export type { TimelineCursor };
