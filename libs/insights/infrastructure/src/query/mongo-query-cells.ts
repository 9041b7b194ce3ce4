import { CELLS_READ_MAX, type CellQuery, type InsightsCells } from '@plein/insights/application';
import type { Cell, CellGranularity, DimensionKind } from '@plein/insights/domain';
import type { mongo } from 'mongoose';
import type { CellDocument, CellsCollection } from '../cells/mongo-ingest-store';
import { MongoInsightsCells } from '../cells/mongo-insights-cells';

/** The index the query side reads some values of a dimension through: equality on three fields, a range on the period. */
export const QUERY_CELLS_INDEX = { key: { g: 1, d: 1, value: 1, period: 1 }, name: 'query_cells_by_value' } as const;

const toCell = (d: CellDocument): Cell => ({ granularity: d.g as CellGranularity, period: d.period, dimension: d.d as DimensionKind, value: d.value, metrics: d.m ?? {} });

/**
 * InsightsCells for the query side. A read of some values of a dimension (the parts of one
 * breakdown, e.g. the units under one department) is one indexed read per value, bounded by the
 * cells it returns; the `_id` range of MongoInsightsCells would scan the cells of every value of
 * the dimension in the period range (every org unit's days of a year). Reads without values, and
 * the list of values, are MongoInsightsCells'. The index is created on the first read of each
 * collection (a rebuilt version gets it too).
 */
export class MongoQueryCells implements InsightsCells {
  private readonly ranges: MongoInsightsCells;
  private readonly indexed = new Map<string, Promise<unknown>>();

  constructor(private readonly collection: () => Promise<CellsCollection>) {
    this.ranges = new MongoInsightsCells(collection);
  }

  async read(query: CellQuery): Promise<readonly Cell[]> {
    if (!query.values) return this.ranges.read(query);
    const cells = (await this.indexedCollection()) as unknown as mongo.Collection<CellDocument>;
    const perValue = await Promise.all(
      [...new Set(query.values)].map((value) =>
        cells.find({ g: query.granularity, d: query.dimension, value, period: { $gte: query.from, $lte: query.to } }, { projection: { p: 0 } }).limit(CELLS_READ_MAX).toArray(),
      ),
    );
    return perValue
      .flat()
      .map(toCell)
      .sort((a, b) => (a.period === b.period ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.period < b.period ? -1 : 1))
      .slice(0, CELLS_READ_MAX);
  }

  values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]> {
    return this.ranges.values(granularity, dimension);
  }

  private async indexedCollection(): Promise<CellsCollection> {
    const collection = await this.collection();
    let ready = this.indexed.get(collection.collectionName);
    if (!ready) {
      ready = collection.createIndex(QUERY_CELLS_INDEX.key, { name: QUERY_CELLS_INDEX.name }).catch((error: unknown) => {
        this.indexed.delete(collection.collectionName);
        throw error;
      });
      this.indexed.set(collection.collectionName, ready);
    }
    await ready;
    return collection;
  }
}
