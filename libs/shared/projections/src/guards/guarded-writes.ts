import { randomBytes } from 'node:crypto';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';

/**
 * One compare-and-set write: `update` is applied to document `id` only if its version field
 * still holds `version` (the value the caller read); `version: null` means "the document did not
 * exist" and the write creates it (upsert). A write that applies also moves the version to
 * `version + 1` (or 1).
 */
export interface GuardedWrite<T> {
  readonly id: string;
  /** The version read; null: the document was absent, the write creates it. */
  readonly version: number | null;
  /** Must not touch the version field nor the stamp field. */
  readonly update: mongo.UpdateFilter<T>;
}

/** `applied`: the guard held and the update is in; `refused`: the guard was lost (another writer changed, created or deleted the document since the read). */
export type GuardedOutcome = 'applied' | 'refused';

export interface GuardedWritesOptions {
  /** The version field; default `n`. */
  readonly versionField?: string;
  /** Where each write leaves its stamp (a small ring of the last writes' stamps by version); default `_w`. */
  readonly stampField?: string;
  /**
   * Split a longer list into bulks of this many writes, sent at once (each resolved as below):
   * FerretDB applies a bulk one document after the other, several bulks run side by side.
   * Default: one bulk.
   */
  readonly bulkSize?: number;
}

/** Stamps kept per document, by version modulo this: a write is recognised while fewer than this many later writes came after it. */
export const STAMP_RING = 8;

/**
 * Applies a list of guarded writes (compare-and-set on a version field) and answers, per write in
 * the list's order, `applied` or `refused`, exactly, on MongoDB and on FerretDB alike, without
 * trusting error indexes:
 *
 * - all writes go in ONE unordered bulk; when it succeeds and its counts say every write matched
 *   or created its document (the common case), all are applied;
 * - otherwise each write is identified by its stamp: a write sets `<stampField>.<new version mod
 *   STAMP_RING>` to a value unique to it, and the documents are read back once. FerretDB 1.24
 *   stops an unordered (and ordered) bulk of upserts at the first refused one, leaves the later
 *   writes unrun and reports the error at index 0 whatever its position, and its counts then say
 *   nothing; so only the stamps are trusted;
 * - a write without its stamp was not applied: it was refused or not run. When the bulk reported
 *   at least as many errors as there are such writes (every write ran: MongoDB's semantics), or
 *   the bulk failed no write, they are all refused; otherwise each is run again on its own (in
 *   parallel) and its own result tells. A write not applied can be run again: it applies only if
 *   its guard holds now.
 *
 * With `bulkSize`, a longer list goes as several such bulks at once, each resolved on its own.
 * Each document may appear at most once per call (fold a document's changes into one write). A
 * document that moved on by STAMP_RING or more versions between the bulk and the read-back
 * leaves its write's outcome unknown: an error is thrown (retry the whole step).
 */
export async function applyGuarded<T extends { _id: string }>(
  collection: mongo.Collection<T>,
  writes: readonly GuardedWrite<T>[],
  options: GuardedWritesOptions = {},
): Promise<GuardedOutcome[]> {
  if (!writes.length) return [];
  const versionField = options.versionField ?? 'n';
  const stampField = options.stampField ?? '_w';
  const ids = new Set<string>();
  for (const write of writes) {
    if (ids.has(write.id)) throw new RangeError(`applyGuarded: document ${write.id} appears twice; fold its changes into one write`);
    ids.add(write.id);
    if (write.version !== null && (!Number.isInteger(write.version) || write.version < 0)) throw new RangeError(`applyGuarded: version of ${write.id} must be a non-negative integer or null`);
  }
  const bulkSize = options.bulkSize ?? writes.length;
  if (!Number.isInteger(bulkSize) || bulkSize < 1) throw new RangeError(`applyGuarded: bulkSize must be a positive integer, got ${bulkSize}`);
  if (writes.length > bulkSize) {
    const { bulkSize: _, ...single } = options;
    const parts = Array.from({ length: Math.ceil(writes.length / bulkSize) }, (_, i) => writes.slice(i * bulkSize, (i + 1) * bulkSize));
    return (await Promise.all(parts.map((part) => applyGuarded(collection, part, single)))).flat();
  }
  const call = randomBytes(6).toString('base64url');
  const slotOf = (write: GuardedWrite<T>) => `${stampField}.${((write.version ?? 0) + 1) % STAMP_RING}`;
  const stampOf = (index: number) => `${call}:${index}`;
  const operation = (write: GuardedWrite<T>, index: number) => {
    const update = write.update as Record<string, Record<string, unknown> | undefined>;
    return {
      filter: { _id: write.id, [versionField]: write.version ?? { $exists: false } } as mongo.Filter<T>,
      update: { ...update, $set: { ...(update['$set'] ?? {}), [slotOf(write)]: stampOf(index) }, $inc: { ...(update['$inc'] ?? {}), [versionField]: 1 } } as mongo.UpdateFilter<T>,
      upsert: write.version === null,
    };
  };
  const operations = writes.map(operation);

  let reportedErrors = 0;
  try {
    const result = await collection.bulkWrite(operations.map((o) => ({ updateOne: o })), { ordered: false });
    if (result.matchedCount + result.upsertedCount === writes.length) return writes.map(() => 'applied');
  } catch (error) {
    const listed = (error as { writeErrors?: unknown }).writeErrors;
    const errors = (Array.isArray(listed) ? listed : listed ? [listed] : isDuplicateKeyError(error) ? [error] : null) as { code?: unknown }[] | null;
    // Anything but a lost guard (an upsert meeting an existing document) is a real failure.
    if (!errors?.length || errors.some((e) => !isDuplicateKeyError(e))) throw error;
    reportedErrors = errors.length;
  }

  const stored = new Map(
    (await collection.find({ _id: { $in: [...ids] } } as mongo.Filter<T>, { projection: { [versionField]: 1, [stampField]: 1 } }).toArray()).map((d) => [
      d._id as string,
      d as unknown as Record<string, unknown>,
    ]),
  );
  const outcomes: GuardedOutcome[] = writes.map((write, index) => {
    const doc = stored.get(write.id);
    if (!doc) return 'refused';
    const stamps = doc[stampField] as Record<string, string> | undefined;
    if (stamps?.[slotOf(write).slice(stampField.length + 1)] === stampOf(index)) return 'applied';
    const now = doc[versionField] as number | undefined;
    if (typeof now === 'number' && now >= (write.version ?? 0) + 1 + STAMP_RING) throw new Error(`applyGuarded: ${write.id} moved ${now - (write.version ?? 0)} versions on before it was read back; outcome unknown`);
    return 'refused';
  });
  const unapplied = outcomes.flatMap((o, i) => (o === 'refused' ? [i] : []));
  if (!unapplied.length || reportedErrors === 0 || reportedErrors >= unapplied.length) return outcomes;
  // Some writes may not have run (FerretDB stops a bulk at its first refused upsert): each on its own.
  await Promise.all(
    unapplied.map(async (i) => {
      const { filter, update, upsert } = operations[i]!;
      try {
        const result = await collection.updateOne(filter, update, { upsert });
        outcomes[i] = result.matchedCount + result.upsertedCount === 1 ? 'applied' : 'refused';
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        outcomes[i] = 'refused';
      }
    }),
  );
  return outcomes;
}
