import { isUuid } from '@plein/shared/kernel';
import { ERROR_CODES, invalid } from '../errors';

/** Position in a newest-first timeline: the last entry a page showed (or skipped as invisible). */
export interface TimelineCursor {
  /** Publication time of the post, epoch milliseconds. */
  readonly createdAt: number;
  readonly postId: string;
}

/** An entry a source yields: a post and its publication time (the uuidv7 time for feed posts). */
export interface TimelineEntry {
  readonly postId: string;
  readonly createdAt: number;
}

/** Total order, newest first: by createdAt, ties by postId (both descending). */
export function compareNewestFirst(a: TimelineEntry | TimelineCursor, b: TimelineEntry | TimelineCursor): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.postId < b.postId ? 1 : a.postId > b.postId ? -1 : 0;
}

/** Strictly older than the cursor: what the page after the cursor may contain. */
export const isOlderThan = (entry: TimelineEntry, cursor: TimelineCursor): boolean => compareNewestFirst(entry, cursor) > 0;

/** The millisecond timestamp in the first 48 bits of a UUIDv7 (feed post ids). */
export function uuidv7Time(id: string): number {
  if (!isUuid(id) || id[14] !== '7') throw invalid(ERROR_CODES.invalidCursor, 'postId', 'is not a UUIDv7');
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

export const timelineEntry = (postId: string): TimelineEntry => ({ postId, createdAt: uuidv7Time(postId) });

/**
 * Opaque to clients (base64url JSON with a version), checked on the way back in: a tampered
 * cursor is a validation error, never a way to read something else (visibility is applied to
 * every page anyway) nor to make a page do more work. Every timeline entry's time is its post
 * id's UUIDv7 time, so a cursor is only valid when both agree: the position the stores read
 * from (`postId`) and the one the merge filters by (`createdAt`) are then the same, and a forged
 * pair (time 0 with the largest post id) cannot make every read entry look "too new" and force
 * the merge through all its widening rounds.
 */
export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, t: cursor.createdAt, p: cursor.postId })).toString('base64url');
}

/** `field` names the input in the error (e.g. `query.cursor`). */
export function decodeCursor(raw: string, field = 'cursor'): TimelineCursor {
  const bad = () => invalid(ERROR_CODES.invalidCursor, field, 'is not a cursor this service issued');
  if (raw.length > 200 || !/^[\w-]+$/.test(raw)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const c = parsed as { v?: unknown; t?: unknown; p?: unknown };
  if (c.v !== 1 || !Number.isSafeInteger(c.t) || typeof c.p !== 'string' || !isUuid(c.p) || c.p[14] !== '7') throw bad();
  if (c.t !== uuidv7Time(c.p)) throw bad();
  return { createdAt: c.t as number, postId: c.p };
}
