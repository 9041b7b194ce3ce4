import { CELLS_READ_MAX, type CellQuery, type InsightsCells } from '@plein/insights/application';
import type { Cell, CellGranularity, DimensionKind } from '@plein/insights/domain';
import type { mongo } from 'mongoose';
import { CELL_PREFIX, type CellDocument, type CellsCollection } from './mongo-ingest-store';

/** After every character a period key or dimension value holds: the end of an id range. */
const HIGH = '\uffff';

const toCell = (d: CellDocument): Cell => ({ granularity: d.g as CellGranularity, period: d.period, dimension: d.d as DimensionKind, value: d.value, metrics: d.m ?? {} });

/**
 * InsightsCells on the cells projection's active collection: a read is ONE range of `_id`s
 * (`c|<granularity>|<dimension>|<from>|` … `c|<granularity>|<dimension>|<to>|\uffff`), in id order
 * (period, then value), which the server answers from the `_id` index.
 */
export class MongoInsightsCells implements InsightsCells {
  constructor(private readonly collection: () => Promise<CellsCollection>) {}

  async read(query: CellQuery): Promise<readonly Cell[]> {
    const base = `${CELL_PREFIX}${query.granularity}|${query.dimension}|`;
    const filter: mongo.Filter<CellDocument> = { _id: { $gte: `${base}${query.from}|`, $lte: `${base}${query.to}|${HIGH}` } };
    if (query.values) filter.value = { $in: [...query.values] };
    const cells = (await this.collection()) as unknown as mongo.Collection<CellDocument>;
    const docs = await cells.find(filter, { projection: { p: 0 } }).sort({ _id: 1 }).limit(CELLS_READ_MAX).toArray();
    return docs.map(toCell);
  }

  async values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]> {
    const base = `${CELL_PREFIX}${granularity}|${dimension}|`;
    const cells = (await this.collection()) as unknown as mongo.Collection<CellDocument>;
    const docs = await cells.find({ _id: { $gte: base, $lt: `${base}${HIGH}` } }, { projection: { value: 1 } }).sort({ _id: 1 }).limit(CELLS_READ_MAX).toArray();
    return [...new Set(docs.map((d) => d.value))].sort();
  }
}
