import { CELLS_READ_MAX, type CellQuery, type InsightsCells } from '@plein/insights/application';
import type { Cell, CellGranularity, DimensionKind } from '@plein/insights/domain';
import type { mongo } from 'mongoose';
import { cellDocumentId, cellsOfDocument, decodeField, valuesDocumentId, type CellDocument, type CellsCollection } from './mongo-ingest-store';

/**
 * InsightsCells on the cells projection's active collection. The cells of one period and
 * dimension kind are one document, so a read is ONE range of `_id`s
 * (`c|<granularity>|<dimension>|<from>` … `c|<granularity>|<dimension>|<to>`), one document per
 * period (a year of weeks by org unit: 52 documents), answered from the `_id` index; the asked
 * values are picked from each document's counters. The values of a dimension are one document.
 */
export class MongoInsightsCells implements InsightsCells {
  constructor(private readonly collection: () => Promise<CellsCollection>) {}

  async read(query: CellQuery): Promise<readonly Cell[]> {
    const wanted = query.values ? new Set(query.values) : undefined;
    const cells = (await this.collection()) as unknown as mongo.Collection<CellDocument>;
    const filter = { _id: { $gte: cellDocumentId(query.granularity, query.dimension, query.from), $lte: cellDocumentId(query.granularity, query.dimension, query.to) } };
    const found: Cell[] = [];
    for await (const doc of cells.find(filter, { projection: { g: 1, d: 1, period: 1, s: 1 } }).sort({ _id: 1 })) {
      found.push(...cellsOfDocument(doc, wanted));
      if (found.length >= CELLS_READ_MAX) break;
    }
    return found.slice(0, CELLS_READ_MAX);
  }

  async values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]> {
    const cells = (await this.collection()) as unknown as mongo.Collection<CellDocument>;
    const list = await cells.findOne({ _id: valuesDocumentId(granularity, dimension) }, { projection: { v: 1 } });
    return Object.keys(list?.v ?? {})
      .map(decodeField)
      .sort()
      .slice(0, CELLS_READ_MAX);
  }
}
