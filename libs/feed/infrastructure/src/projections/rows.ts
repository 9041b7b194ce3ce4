import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import { defineProjection, type GuardResult, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/** One read-model row derived from a single event: its id and its (flat, top-level) fields. */
export interface EventRow {
  readonly _id: string;
  readonly fields: Record<string, unknown>;
}

/**
 * Rows beside an aggregate's folded document, one per thing the aggregate holds (one row per jam
 * vote of a ballot), so the server counts them with a `$match` + `$group` on flat fields instead of
 * the reader loading every aggregate. A row's fields come from the event alone.
 */
export interface EventRowsInput {
  readonly name: string;
  readonly topic: string;
  readonly aggregateType: string;
  readonly rows: (envelope: EventEnvelope) => readonly EventRow[];
  readonly indexes?: readonly Record<string, 1 | -1>[];
}

/** A row with the sequence (in its aggregate's stream) of the last event that wrote it. */
type StoredRow = { _id: string; rowSequence: number } & Record<string, unknown>;

/**
 * Writes the row unless an event at or after this sequence of the same stream already did: a
 * redelivered event, or an older one arriving late, changes nothing. Unlike applyInSequence, a row
 * skips the sequences of its stream that concern other rows, so it is guarded by "older than",
 * not by "next". Two writers racing to create a row: the loser re-checks the winner's sequence.
 */
export async function applyRow(collection: mongo.Collection<StoredRow>, row: EventRow, sequence: number): Promise<GuardResult> {
  const set = { ...row.fields, rowSequence: sequence };
  for (let attempt = 0; attempt < 2; attempt++) {
    const updated = await collection.updateOne({ _id: row._id, rowSequence: { $lt: sequence } }, { $set: set });
    if (updated.matchedCount === 1) return 'applied';
    try {
      await collection.insertOne({ _id: row._id, ...set });
      return 'applied';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  return 'duplicate';
}

export async function applyRows(collection: mongo.Collection<StoredRow>, envelope: EventEnvelope, input: EventRowsInput): Promise<void> {
  for (const row of input.rows(envelope)) await applyRow(collection, row, envelope.sequence);
}

/** The projection of an EventRowsInput (collection `feed_<name>_v<version>`). */
export function eventRowsProjection(input: EventRowsInput, version: number): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: input.name,
    version,
    topics: [input.topic],
    aggregateTypes: [input.aggregateType],
    async setup(ctx: MongoProjectionContext) {
      for (const key of input.indexes ?? []) await ctx.collection.createIndex(key);
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyRows(ctx.collection, envelope, input);
    },
  });
}
