import { compareNewestFirst, isOlderThan, type TimelineCursor, type TimelineEntry } from './timeline-cursor';

/**
 * One source's slice of a home timeline, newest first, all older than the page cursor: the
 * reader's fan-out-on-write timeline, or a shared list merged on read (organisation
 * announcements, a very large group, a followed hashtag, a followed very large author).
 */
export interface TimelineSourceSlice {
  readonly source: string;
  readonly entries: readonly TimelineEntry[];
  /** No entries exist beyond this slice (the source ran out, or a capped timeline ends here). */
  readonly exhausted: boolean;
}

export interface TimelineMergeInput {
  readonly sources: readonly TimelineSourceSlice[];
  /** The previous page's cursor; none for the first page. */
  readonly after?: TimelineCursor;
  readonly limit: number;
  /** The visibility policy for this reader (canSee on the post's facts); default: all visible. */
  readonly isVisible?: (entry: TimelineEntry) => boolean;
}

export interface TimelinePage {
  /** Newest first, no duplicates, all visible, at most `limit`. */
  readonly entries: TimelineEntry[];
  /** Where the next page starts; null when the timeline is exhausted. */
  readonly next: TimelineCursor | null;
  /**
   * Sources whose slice ran out before the page could be filled safely: fetch more from them
   * (entries older than `next`) and merge again. The page is correct but may be short.
   */
  readonly needMore: string[];
}

/**
 * Merges per-source slices into one newest-first page. Stable while posts arrive: a page after
 * a cursor only holds entries strictly older than it, so new posts (newer) never shift or repeat
 * entries of later pages; they show up when the reader starts again from the top.
 *
 * Safety horizon: a slice that is not exhausted may continue below its last entry, so nothing
 * older than the newest such "last entry" is emitted; the caller fetches more from the sources
 * named in `needMore`. Invisible entries are skipped, and the cursor moves past them too, so a
 * reader whose timeline is full of hidden or deleted posts still makes progress.
 */
export function mergeTimeline(input: TimelineMergeInput): TimelinePage {
  const { after, limit } = input;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const isVisible = input.isVisible ?? (() => true);
  let horizon: TimelineEntry | null = null;
  const horizonSources: string[] = [];
  const all: TimelineEntry[] = [];
  for (const slice of input.sources) {
    const entries = slice.entries.filter((e) => !after || isOlderThan(e, after)).sort(compareNewestFirst);
    all.push(...entries);
    if (slice.exhausted) continue;
    const last = entries[entries.length - 1];
    // A source that is not exhausted but gave nothing older than the cursor blocks everything.
    const bound = last ?? after ?? { postId: '\uffff', createdAt: Number.MAX_SAFE_INTEGER };
    const order = horizon ? compareNewestFirst(bound, horizon) : -1;
    if (order < 0) {
      horizon = bound;
      horizonSources.length = 0;
    }
    if (order <= 0) horizonSources.push(slice.source);
  }
  all.sort(compareNewestFirst);

  const entries: TimelineEntry[] = [];
  const seen = new Set<string>();
  let lastExamined: TimelineEntry | undefined;
  let stoppedAtHorizon = false;
  let remaining = false;
  for (const entry of all) {
    if (seen.has(entry.postId)) continue;
    if (horizon && compareNewestFirst(entry, horizon) > 0) {
      stoppedAtHorizon = true;
      break;
    }
    if (entries.length === limit) {
      remaining = true;
      break;
    }
    seen.add(entry.postId);
    lastExamined = entry;
    if (isVisible(entry)) entries.push(entry);
  }
  const full = entries.length === limit;
  // Exhausted: every source ran out and every entry was examined.
  if (horizon === null && !remaining) return { entries, next: null, needMore: [] };
  const position = lastExamined ?? after;
  const next = position ? { createdAt: position.createdAt, postId: position.postId } : null;
  return { entries, next, needMore: full || !stoppedAtHorizon && horizon === null ? [] : [...horizonSources] };
}
