import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, SequenceGapError } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import type { EventRowsInput } from './rows';

/** A read-model document owned by one aggregate: the decider's folded state plus query fields. */
export interface FoldedDocument<S> {
  _id: string;
  lastSequence: number;
  state: S;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface FoldingProjectionInput<S> {
  readonly name: string;
  readonly topic: string;
  readonly aggregateType: string;
  readonly initial: () => S;
  readonly evolve: (state: S, event: { type: string; version: number; data: unknown }) => S;
  /** Query fields derived from the new state (top-level, indexed). Pure. */
  readonly fields?: (state: S, envelope: EventEnvelope) => Record<string, unknown>;
  readonly indexes?: readonly Record<string, 1 | -1>[];
  /** Rows kept beside the folded documents, in their own projection (applied with them by read-your-writes). */
  readonly rows?: Omit<EventRowsInput, 'topic' | 'aggregateType'>;
}

/**
 * The older kind of single-aggregate read model, still used by the projections not yet given a
 * document of their own (docs/feed/domain.md, read-model table): it stores the domain's folded
 * state (the same `evolve` the decider uses), applied strictly in sequence. The new state is
 * computed from the stored one and written with `$set` only, through applyInSequence: a duplicate
 * is a no-op, a gap is retried, and two writers applying the same sequence (the HTTP
 * read-your-writes path and the Kafka consumer) write identical values, which keeps it safe on
 * servers without atomic conditional updates (ADR 0005).
 */
export async function applyFolded<S>(collection: mongo.Collection<FoldedDocument<S>>, envelope: EventEnvelope, input: FoldingProjectionInput<S>): Promise<'applied' | 'duplicate'> {
  const id = envelope.aggregateId;
  // A stream's first event starts from the initial state: no read, and applyInSequence's
  // insert-only upsert makes a redelivery a duplicate (one round trip for a new aggregate).
  const doc = envelope.sequence === 1 ? null : await collection.findOne({ _id: id });
  const last = doc?.lastSequence ?? 0;
  if (envelope.sequence <= last) return 'duplicate';
  if (envelope.sequence !== last + 1) throw new SequenceGapError(id, last + 1, envelope.sequence);
  const state = input.evolve(doc?.state ?? input.initial(), { type: envelope.type, version: envelope.version, data: envelope.data });
  const set = { state, ...(input.fields?.(state, envelope) ?? {}), createdAt: doc?.createdAt ?? envelope.occurredAt, updatedAt: envelope.occurredAt };
  return applyInSequence(collection, id, envelope.sequence, { $set: set } as mongo.UpdateFilter<FoldedDocument<S>>);
}
