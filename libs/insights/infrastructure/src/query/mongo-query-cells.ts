import type { CellQuery, InsightsCells } from '@plein/insights/application';
import type { Cell, CellGranularity, DimensionKind } from '@plein/insights/domain';
import type { CellsCollection } from '../cells/mongo-ingest-store';
import { MongoInsightsCells } from '../cells/mongo-insights-cells';

/**
 * InsightsCells for the query side. Since the cells of one period and dimension kind are one
 * document (ADR 0026), a read of some values of a dimension (the parts of one breakdown) is the
 * same `_id` range as a read of all of them, the values picked from each document: one document
 * per period, no secondary index.
 */
export class MongoQueryCells implements InsightsCells {
  private readonly ranges: MongoInsightsCells;

  constructor(collection: () => Promise<CellsCollection>) {
    this.ranges = new MongoInsightsCells(collection);
  }

  read(query: CellQuery): Promise<readonly Cell[]> {
    return this.ranges.read(query);
  }

  values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]> {
    return this.ranges.values(granularity, dimension);
  }
}
