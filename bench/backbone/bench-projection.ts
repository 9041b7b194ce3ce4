import type { EventEnvelope } from '@plein/shared/kernel';
import { applyBatchInSequence, applyInSequence, defineProjection, type ProjectionDefinition } from '@plein/shared/projections';

/** `<aggregateId>:<sequence>` → when the projection's write of that event returned. */
export type AppliedLog = Map<string, number>;

type Data = { by: number };

/**
 * The benchmark's read model: one counter document per stream, idempotent by sequence
 * (`lastSequence`). `onApplied` is told which events a returned write covered.
 */
export function benchProjection(topic: string, mode: 'batch' | 'per-event', onApplied: (keys: readonly string[]) => void): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'bench-counter',
    version: 1,
    topics: [topic],
    aggregateTypes: ['counter'],
    async apply(event, ctx) {
      const e = event as EventEnvelope<Data>;
      await applyInSequence(ctx.collection, e.aggregateId, e.sequence, { $inc: { total: e.data.by } });
      onApplied([`${e.aggregateId}:${e.sequence}`]);
    },
    // One conditional write per counter per partition batch instead of one per event.
    ...(mode === 'batch'
      ? {
          async applyBatch(events, ctx) {
            const typed = events as readonly EventEnvelope<Data>[];
            await applyBatchInSequence(ctx.collection, typed, (e) => e.aggregateId, (run) => ({ $inc: { total: run.reduce((sum, e) => sum + e.data.by, 0) } }));
            onApplied(typed.map((e) => `${e.aggregateId}:${e.sequence}`));
          },
        }
      : {}),
  });
}
