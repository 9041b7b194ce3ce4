import type { ReadYourWrites } from '@plein/feed/application';
import type { EventEnvelope } from '@plein/shared/kernel';
import { SequenceGapError } from '@plein/shared/projections';
import { applyFolded, type FoldingProjectionInput } from '../projections/fold';
import { applyRows } from '../projections/rows';
import type { FeedCollections } from './collections';

/**
 * Applies just-appended events to their single-aggregate read model at once, so the response
 * and the caller's next request see their own write. The Kafka projection applies the same
 * events again later: a duplicate there is a no-op. A gap here (the consumer has not caught up
 * with earlier events of the stream) is left to the consumer.
 */
export class FoldingReadYourWrites implements ReadYourWrites {
  constructor(
    private readonly collections: FeedCollections,
    private readonly inputs: ReadonlyMap<string, FoldingProjectionInput<never>>,
  ) {}

  async project(events: readonly EventEnvelope[]): Promise<void> {
    for (const envelope of events) {
      const input = this.inputs.get(envelope.aggregateType);
      if (!input) continue;
      // Rows are guarded per row (never overwritten by an older event), so they need no gap check.
      if (input.rows) await applyRows(await this.collections.of(input.rows.name), envelope, { ...input.rows, topic: input.topic, aggregateType: input.aggregateType });
      try {
        await applyFolded(await this.collections.of(input.name), envelope, input);
      } catch (error) {
        if (!(error instanceof SequenceGapError)) throw error;
      }
    }
  }
}
