import { InsightsIngest } from '@plein/insights/application';
import { defineProjection, type ProjectionDefinition } from '@plein/shared/projections';
import { CELLS_AGGREGATE_TYPES, type InsightsTopics } from './insights-topics';
import { MongoIngestStore } from './mongo-ingest-store';

/** Bump when the cells, facts or their mapping change: the new version is built from the beginning of the topics beside the old one. 2: one cell document per period and dimension kind, one fact document per person and month (ADR 0026). 3: org unit cell documents sharded by parent (ADR 0034). */
export const CELLS_VERSION = 3;

export interface CellsProjectionOptions {
  readonly topics: InsightsTopics;
  /** The pseudonymisation secret (HMAC key of person keys). */
  readonly secret: string;
}

/**
 * The insights cells: pseudonymous people and posts, person-period facts and counter cells, all
 * in `<service>_cells_v<N>` (see MongoIngestStore), fed by the consumer group
 * `<service>.cells.v<N>` from identity's users, feed's activity and insights' visits.
 */
export function cellsProjection(options: CellsProjectionOptions): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'cells',
    version: CELLS_VERSION,
    topics: options.topics.consumed(),
    aggregateTypes: [...CELLS_AGGREGATE_TYPES],
    async setup(ctx) {
      await ctx.collection.createIndex({ end: 1 }, { sparse: true });
    },
    async apply(event, ctx) {
      await new InsightsIngest(new MongoIngestStore(ctx.collection), options.secret).handle(event);
    },
    async applyBatch(events, ctx) {
      await new InsightsIngest(new MongoIngestStore(ctx.collection), options.secret).handleBatch(events);
    },
  });
}
