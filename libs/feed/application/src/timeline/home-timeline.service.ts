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
import { checkPageSize } from '../paging';
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
/**
 * Ids one timeline request may read from its sources, all rounds together (and so post lookups,
 * one batched query per round): a page of posts the reader may not see ends short, with a cursor
 * past what was examined, instead of widening without end.
 */
export const MAX_IDS_PER_REQUEST = 4_000;
/** Follows a home timeline merges (and a rebuild reads): the first ones by target key. */
export const MAX_FOLLOWS_MERGED = 1_000;
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
    const after = pageInput(cursor, limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    await this.ensureBuilt(viewer);
    return this.merged(viewer, await this.sourcesOf(viewer), after, limit);
  }

  /** One shared list (a group's or a hashtag's posts) for this reader, same paging and visibility. */
  async list(ctx: RequestContext, source: TimelineSource, cursor: string | null, limit: number): Promise<TimelinePageResult> {
    const after = pageInput(cursor, limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    if (source.kind === 'group') {
      const group = await this.deps.readModels.groups.group(source.groupId);
      if (!group || !canSeeGroupContent(viewer, group)) throw new FeedNotFoundError('group', source.groupId);
    }
    return this.merged(viewer, [{ name: nameOf(source), read: (b, n) => this.deps.sources.read(source, b, n) }], after, limit);
  }

  private async merged(viewer: Viewer, sources: NamedSource[], after: TimelineCursor | undefined, limit: number): Promise<TimelinePageResult> {
    const windows = new Map(sources.map((s) => [s.name, limit + 1]));
    const before = after ? after.postId : null;
    const facts = new Map<string, { post: PostView; facts: VisibilityFacts } | null>();
    let read = 0;
    for (let round = 0; ; round++) {
      const slices = await Promise.all(sources.map((s) => this.slice(s, before, windows.get(s.name)!)));
      read += slices.reduce((n, s) => n + s.entries.length, 0);
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
      const done = page.needMore.length === 0 || page.entries.length === limit || round === MAX_ROUNDS;
      if (done || !widen(windows, page.needMore, MAX_IDS_PER_REQUEST - read)) {
        const items = await renderPosts(this.deps, viewer, page.entries.map((e) => facts.get(e.postId)!));
        return { items, next: page.next ? encodeCursor(page.next) : null };
      }
    }
  }

  /** The sources a reader's page merges (named for `needMore`): at most five, however much they follow. */
  async sourcesOf(viewer: Viewer): Promise<NamedSource[]> {
    const rm = this.deps.readModels;
    const follows = await rm.follows.follows(viewer.userId, null, MAX_FOLLOWS_MERGED);
    const groupIds = new Set<string>([...viewer.groupMemberships.keys()]);
    const authors: string[] = [];
    const tags: string[] = [];
    for (const f of follows) {
      if (f.kind === 'group') groupIds.add(f.groupId);
      else if (f.kind === 'person') authors.push(f.userId);
      else tags.push(f.tag);
    }
    const large = await this.deps.timelines.largeSources([...[...groupIds].map(sourceKey.group), ...authors.map(sourceKey.author)]);
    const largeGroups = [...groupIds].filter((g) => large.has(sourceKey.group(g)));
    const largeAuthors = authors.filter((a) => large.has(sourceKey.author(a)));
    const shared: TimelineSource[] = [
      { kind: 'announcements' },
      ...(tags.length ? [{ kind: 'hashtags' as const, tags }] : []),
      ...(largeGroups.length ? [{ kind: 'groups' as const, groupIds: largeGroups }] : []),
      ...(largeAuthors.length ? [{ kind: 'authors' as const, authorIds: largeAuthors }] : []),
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
    const follows = await this.deps.readModels.follows.follows(viewer.userId, null, MAX_FOLLOWS_MERGED);
    const people = follows.flatMap((f) => (f.kind === 'person' ? [f.userId] : []));
    const groupIds = [...new Set([...viewer.groupMemberships.keys(), ...follows.flatMap((f) => (f.kind === 'group' ? [f.groupId] : []))])];
    const sources: TimelineSource[] = [
      { kind: 'author', authorId: viewer.userId, includeGroups: true },
      ...(people.length ? [{ kind: 'authors' as const, authorIds: people }] : []),
      ...(groupIds.length ? [{ kind: 'groups' as const, groupIds }] : []),
    ];
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

/** The page size and the cursor, checked before any work: a forged cursor is a 400 naming `query.cursor`. */
function pageInput(cursor: string | null, limit: number): TimelineCursor | undefined {
  checkPageSize(limit);
  return cursor ? decodeCursor(cursor, 'query.cursor') : undefined;
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
    case 'groups':
      return 'groups';
    case 'authors':
      return 'authors';
    case 'hashtags':
      return 'hashtags';
  }
}

/**
 * Widens the windows of the sources that ran out (×4) for the next round, within what is left of
 * the request's budget of ids (every source is read again, from the cursor, with its window).
 * False when not even one more entry per source fits: the page ends here.
 */
function widen(windows: Map<string, number>, needMore: readonly string[], left: number): boolean {
  const others = [...windows].filter(([name]) => !needMore.includes(name)).reduce((n, [, w]) => n + w, 0);
  const current = needMore.reduce((n, name) => n + windows.get(name)!, 0);
  const spare = left - others - current;
  if (spare < needMore.length) return false;
  for (const name of needMore) {
    const w = windows.get(name)!;
    windows.set(name, w + Math.min(w * 3, Math.floor(spare / needMore.length)));
  }
  return true;
}

function dedupe(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...new Map(entries.map((e) => [e.postId, e])).values()];
}

export type { TimelineCursor };
