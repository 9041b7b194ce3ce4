import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';
import type { GuardResult } from './sequence-guard';

/**
 * The id of a read-model row fed by many aggregates, derived from the facts it represents
 * (`${ownerId}:${postId}`), so the same event always produces the same row.
 */
export function compositeRowId(...parts: readonly (string | number)[]): string {
  if (parts.length === 0) throw new RangeError('compositeRowId needs at least one part');
  for (const part of parts) {
    // A part containing the separator could make two different tuples collide.
    if (String(part).length === 0 || String(part).includes(':')) throw new RangeError(`invalid id part "${part}"`);
  }
  return parts.join(':');
}

/**
 * Inserts a row under a deterministic id; a duplicate key means the event was applied already.
 * Note: if a later event removes the row, a redelivery of the creating event re-inserts it. Where
 * that matters, mark rows removed (tombstone) instead of deleting them, or check the remover's
 * record first.
 */
export async function insertOnce<T extends { _id: string }>(collection: mongo.Collection<T>, doc: mongo.OptionalUnlessRequiredId<T>): Promise<GuardResult> {
  try {
    await collection.insertOne(doc);
    return 'applied';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}

/**
 * Creates the row with `$setOnInsert` fields if missing; an existing row is left as is. Unlike
 * insertOnce, callers may combine it with idempotent operators on other fields (e.g. `$set` of a
 * value that only depends on the event).
 */
export async function upsertOnce<T extends { _id: string }>(collection: mongo.Collection<T>, id: string, update: mongo.UpdateFilter<T>): Promise<GuardResult> {
  try {
    const result = await collection.updateOne({ _id: id } as mongo.Filter<T>, update, { upsert: true });
    return result.upsertedCount === 1 || result.modifiedCount === 1 ? 'applied' : 'duplicate';
  } catch (error) {
    // Two replicas racing on the same new id: the loser sees a duplicate key; the row exists.
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}
