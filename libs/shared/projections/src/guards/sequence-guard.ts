import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';
import { SequenceGapError } from '../errors';

export type GuardResult = 'applied' | 'duplicate';

/** A document of a read model owned by one aggregate: it remembers the last applied event. */
export interface SequencedDocument {
  _id: string;
  lastSequence: number;
}

export interface SequenceGuardOptions {
  /**
   * The field holding the last applied sequence; default `lastSequence`. A document fed by two
   * aggregates (a person's directory record and their own profile) keeps one field per stream.
   */
  readonly sequenceField?: string;
}

/**
 * Applies `update` to the read-model document of one aggregate only if `sequence` is the next
 * one (docs/messaging.md, "Idempotency: the guards"): `lastSequence + 1` is applied, anything at or
 * below `lastSequence` is a duplicate (acknowledge it), anything above is a gap (SequenceGapError,
 * retriable). The check and the write are one conditional update, so no transaction is needed.
 *
 * Invariants the caller keeps:
 * - every event of the aggregate goes through here, also those that change nothing (pass `{}`):
 *   otherwise the next event looks like a gap;
 * - the document is never deleted (set a tombstone field instead): a deleted document would
 *   accept a redelivered sequence 1 again;
 * - `update` must not set `lastSequence` (or `options.sequenceField`) itself.
 */
export async function applyInSequence<T extends SequencedDocument>(
  collection: mongo.Collection<T>,
  docId: string,
  sequence: number,
  update: mongo.UpdateFilter<T>,
  options: SequenceGuardOptions = {},
): Promise<GuardResult> {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${sequence}`);
  const field = options.sequenceField ?? 'lastSequence';
  const set = { ...((update.$set as Record<string, unknown> | undefined) ?? {}), [field]: sequence };
  const guarded = { ...update, $set: set } as mongo.UpdateFilter<T>;
  if (sequence === 1) {
    // Upsert that can only insert: an existing document never matches `lastSequence: {$exists: false}`,
    // so the upsert tries to insert the same _id and fails with a duplicate key.
    try {
      await collection.updateOne({ _id: docId, [field]: { $exists: false } } as mongo.Filter<T>, guarded, { upsert: true });
      return 'applied';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }
  const result = await collection.updateOne({ _id: docId, [field]: sequence - 1 } as mongo.Filter<T>, guarded);
  if (result.matchedCount === 1) return 'applied';
  const current = await collection.findOne({ _id: docId } as mongo.Filter<T>, { projection: { [field]: 1 } });
  const last = ((current as Record<string, unknown> | null)?.[field] as number | undefined) ?? 0;
  if (last >= sequence) return 'duplicate';
  throw new SequenceGapError(docId, last + 1, sequence);
}

export interface BatchGuardResult {
  readonly applied: number;
  readonly duplicates: number;
}

/**
 * Batch form of applyInSequence for read models where a run of consecutive events folds into one
 * update (counters with `$inc`, last values with `$set`, lists with `$push: {$each}`): per document,
 * the events after its `lastSequence` are applied by ONE conditional update built by `fold`, so a
 * partition batch costs one write per document instead of one per event.
 *
 * Same guarantees as applyInSequence: events at or below `lastSequence` are duplicates (dropped
 * before folding, also inside a batch that overlaps what was applied), and a missing sequence is
 * a SequenceGapError (thrown after the documents without a gap were written). `fold` gets a
 * non-empty run in sequence order and must not set `lastSequence`. Documents are written one at
 * a time, in first-seen order.
 */
export async function applyBatchInSequence<T extends SequencedDocument, E extends { readonly sequence: number }>(
  collection: mongo.Collection<T>,
  events: readonly E[],
  docIdOf: (event: E) => string,
  fold: (run: readonly E[]) => mongo.UpdateFilter<T>,
): Promise<BatchGuardResult> {
  const byDoc = new Map<string, E[]>();
  for (const event of events) {
    if (!Number.isInteger(event.sequence) || event.sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${event.sequence}`);
    const docId = docIdOf(event);
    byDoc.set(docId, [...(byDoc.get(docId) ?? []), event]);
  }
  let applied = 0;
  let duplicates = 0;
  let gap: SequenceGapError | null = null;
  for (const [docId, docEvents] of byDoc) {
    // One copy per sequence, in order (a redelivered prefix may precede the new events).
    const unique = [...new Map([...docEvents].sort((a, b) => a.sequence - b.sequence).map((e) => [e.sequence, e])).values()];
    let known: number | null = null; // the document's lastSequence once read; until then assume it precedes the batch
    let appliedHere = 0;
    let waiting = 0; // events behind a hole, neither applied nor duplicates
    for (;;) {
      const run = known === null ? unique : unique.filter((e) => e.sequence > known!);
      if (run.length === 0) break;
      if (known !== null && run[0]!.sequence !== known + 1) {
        gap ??= new SequenceGapError(docId, known + 1, run[0]!.sequence);
        waiting = run.length;
        break;
      }
      // Only a contiguous prefix can be applied; what follows a hole waits for the missing event.
      const end = run.findIndex((e, i) => i > 0 && e.sequence !== run[i - 1]!.sequence + 1);
      const contiguous = end === -1 ? run : run.slice(0, end);
      if (await writeRun(collection, docId, contiguous, fold)) {
        appliedHere = contiguous.length;
        if (end !== -1) {
          gap ??= new SequenceGapError(docId, contiguous[contiguous.length - 1]!.sequence + 1, run[end]!.sequence);
          waiting = run.length - end;
        }
        break;
      }
      const current = await collection.findOne({ _id: docId } as mongo.Filter<T>, { projection: { lastSequence: 1 } });
      known = (current as SequencedDocument | null)?.lastSequence ?? 0;
    }
    applied += appliedHere;
    duplicates += docEvents.length - appliedHere - waiting;
  }
  if (gap) throw gap;
  return { applied, duplicates };
}

/** One conditional write of a contiguous run; false when the document is not at `first - 1`. */
async function writeRun<T extends SequencedDocument, E extends { readonly sequence: number }>(
  collection: mongo.Collection<T>,
  docId: string,
  run: readonly E[],
  fold: (run: readonly E[]) => mongo.UpdateFilter<T>,
): Promise<boolean> {
  const update = fold(run);
  const last = run[run.length - 1]!.sequence;
  const guarded = { ...update, $set: { ...((update.$set as Record<string, unknown> | undefined) ?? {}), lastSequence: last } } as mongo.UpdateFilter<T>;
  if (run[0]!.sequence === 1) {
    try {
      await collection.updateOne({ _id: docId, lastSequence: { $exists: false } } as mongo.Filter<T>, guarded, { upsert: true });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
  const result = await collection.updateOne({ _id: docId, lastSequence: run[0]!.sequence - 1 } as mongo.Filter<T>, guarded);
  return result.matchedCount === 1;
}
