import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';
import { SequenceGapError } from '../errors';

export type GuardResult = 'applied' | 'duplicate';

/** A document of a read model owned by one aggregate: it remembers the last applied event. */
export interface SequencedDocument {
  _id: string;
  lastSequence: number;
}

/**
 * Applies `update` to the read-model document of one aggregate only if `sequence` is the next
 * one (ARCHITECTURE.md "Idempotent consumers"): `lastSequence + 1` is applied, anything at or
 * below `lastSequence` is a duplicate (acknowledge it), anything above is a gap (SequenceGapError,
 * retriable). The check and the write are one conditional update, so no transaction is needed.
 *
 * Invariants the caller keeps:
 * - every event of the aggregate goes through here, also those that change nothing (pass `{}`):
 *   otherwise the next event looks like a gap;
 * - the document is never deleted (set a tombstone field instead): a deleted document would
 *   accept a redelivered sequence 1 again;
 * - `update` must not set `lastSequence` itself.
 */
export async function applyInSequence<T extends SequencedDocument>(
  collection: mongo.Collection<T>,
  docId: string,
  sequence: number,
  update: mongo.UpdateFilter<T>,
): Promise<GuardResult> {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${sequence}`);
  const set = { ...((update.$set as Record<string, unknown> | undefined) ?? {}), lastSequence: sequence };
  const guarded = { ...update, $set: set } as mongo.UpdateFilter<T>;
  if (sequence === 1) {
    // Upsert that can only insert: an existing document never matches `lastSequence: {$exists: false}`,
    // so the upsert tries to insert the same _id and fails with a duplicate key.
    try {
      await collection.updateOne({ _id: docId, lastSequence: { $exists: false } } as mongo.Filter<T>, guarded, { upsert: true });
      return 'applied';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }
  const result = await collection.updateOne({ _id: docId, lastSequence: sequence - 1 } as mongo.Filter<T>, guarded);
  if (result.matchedCount === 1) return 'applied';
  const current = await collection.findOne({ _id: docId } as mongo.Filter<T>, { projection: { lastSequence: 1 } });
  const last = (current as SequencedDocument | null)?.lastSequence ?? 0;
  if (last >= sequence) return 'duplicate';
  throw new SequenceGapError(docId, last + 1, sequence);
}
