import type { ReadYourWrites } from '@plein/feed/application';
import type { EventEnvelope } from '@plein/shared/kernel';
import { SequenceGapError } from '@plein/shared/projections';
import type { AggregateReadModel } from '../projections/feed.projections';
import { applyRows } from '../projections/rows';
import type { FeedCollections } from './collections';

/**
 * Applies just-appended events to their single-aggregate read model at once, so the response
 * and the caller's next request see their own write. The Kafka projection applies the same
 * events again later: a duplicate there is a no-op. A gap here (earlier events of the stream not
 * applied yet) is reported, and the command path (executeCommand) re-reads the stream to close it.
 */
export class AggregateReadYourWrites implements ReadYourWrites {
  constructor(
    private readonly collections: FeedCollections,
    private readonly models: ReadonlyMap<string, AggregateReadModel>,
  ) {}

  async project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'> {
    let outcome: 'applied' | 'gap' = 'applied';
    for (const envelope of events) {
      const model = this.models.get(envelope.aggregateType);
      if (!model) continue;
      // Rows are guarded per row (never overwritten by an older event), so they need no gap check.
      if (model.rows) await applyRows(await this.collections.of(model.rows.name), envelope, model.rows);
      try {
        await model.apply(await this.collections.of(model.name), envelope);
      } catch (error) {
        if (!(error instanceof SequenceGapError)) throw error;
        outcome = 'gap';
      }
    }
    return outcome;
  }
}
