import { createHash } from 'node:crypto';
import { PleinError } from '@plein/shared/kernel';

/**
 * The key under which an erased id is remembered: `sha256:<hex>` of the id. Tombstones and erasure
 * markers are keyed by it instead of the id itself, so after an erasure no document holds the
 * person's id, while anyone who is given the id (a late command, a redelivered event) can still
 * tell that it was erased. docs/adr/0025-erasure-of-event-sourced-personal-data.md.
 */
export const erasureKey = (id: string): string => `sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;

/** `<service>_streams_erased`: one tombstone per erased stream, `_id` = erasureKey(streamId). */
export const erasedStreamsCollectionName = (service: string): string => `${service}_streams_erased`;

export interface ErasedStreamDocument {
  /** erasureKey(streamId): no stream id, no personal data. */
  _id: string;
  erasedAt: Date;
}

/**
 * An append to a stream that was erased. Erasure is for good: the stream is not recreated by a
 * late command, a retry or a replayed trigger. Answers as not found (the subject is gone); the
 * message names no stream, since the stream id may be the erased person's id.
 */
export class StreamErasedError extends PleinError {
  readonly code = 'EVENTSTORE.STREAM_ERASED';
  readonly kind = 'not-found' as const;
  constructor() {
    super('The stream was erased and cannot be written again');
  }
}

/**
 * A path into an event's `data` naming where a person's id may stand: dot-separated property
 * names, `[]` after a name for every element of that array (`authorId`, `experts[].userId`).
 */
export type PersonPath = string;

/**
 * The events with a person's id replaced by erasureKey(id) (docs/adr/0025, "Update"): the envelope's
 * `actorId` when it is the person, a `causationId` that holds the id (an Idempotency-Key's
 * `idem:<actor>:<key>`) by erasureKey of itself, and every string equal to the id at the given data
 * paths. Order, ids, sequences, types and versions are kept. Pure; answers the same array (`===`)
 * when nothing named the person, so a second run changes nothing.
 */
export function redactPersonInEvents<E extends { actorId: string; causationId: string; data: unknown }>(events: readonly E[], personId: string, dataPaths: readonly PersonPath[]): readonly E[] {
  if (!personId) throw new Error('redactPersonInEvents needs a person id');
  const key = erasureKey(personId);
  let changed = false;
  const redacted = events.map((event) => {
    let data = event.data;
    for (const path of dataPaths) data = redactAt(data, path.split('.'), personId, key);
    const actorId = event.actorId === personId ? key : event.actorId;
    const causationId = event.causationId.includes(personId) ? erasureKey(event.causationId) : event.causationId;
    if (data === event.data && actorId === event.actorId && causationId === event.causationId) return event;
    changed = true;
    return { ...event, actorId, causationId, data };
  });
  return changed ? redacted : events;
}

/** `value` with the id at `path` replaced (copy on write: the same object when nothing matched). */
function redactAt(value: unknown, path: readonly string[], personId: string, key: string): unknown {
  if (path.length === 0) return value === personId ? key : value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const each = head.endsWith('[]');
  const name = each ? head.slice(0, -2) : head;
  const record = value as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(record, name)) return value;
  const current = record[name];
  let next: unknown;
  if (each) {
    if (!Array.isArray(current)) return value;
    const items = current.map((item) => redactAt(item, rest, personId, key));
    next = items.some((item, i) => item !== current[i]) ? items : current;
  } else {
    next = redactAt(current, rest, personId, key);
  }
  return next === current ? value : { ...record, [name]: next };
}

/** Whether a string is an erasureKey (where an id was): consumers skip it instead of treating it as a person. */
export const isErasureKey = (value: string): boolean => /^sha256:[0-9a-f]{64}$/.test(value);
