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
