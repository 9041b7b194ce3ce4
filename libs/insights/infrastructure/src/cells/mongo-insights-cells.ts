import { CELLS_READ_MAX, type CellQuery, type InsightsCells } from '@plein/insights/application';
import type { Cell, CellGranularity, DimensionKind } from '@plein/insights/domain';
import type { mongo } from 'mongoose';
import { cellDocumentIdIn, cellShardOf, cellsOfDocument, decodeField, valuesDocumentId, type CellDocument, type CellsCollection } from './mongo-ingest-store';

/**
 * InsightsCells on the cells projection's active collection. The cells of one period and
 * dimension kind (org units: the top level, or everything below one top-level unit) are one document, so a read is ONE range
 * of `_id`s per shard (`c|<granularity>|<dimension>|<from>` … `c|<granularity>|<dimension>|<to>`),
 * one document per period (the top-level org units over a year of weeks: 52 small documents),
 * answered from the `_id` index; the asked values are picked from each document's counters. The
 * values of a dimension are one document.
 */
export class MongoInsightsCells implements InsightsCells {
  constructor(private readonly collection: () => Promise<CellsCollection>) {}

  async read(query: CellQuery): Promise<readonly Cell[]> {
    const wanted = query.values ? new Set(query.values) : undefined;
    const cells = (await this.collection()) as unknown as mongo.Collection<CellDocument>;
    // Org units are sharded by top-level unit: the shards of the values asked (of every known value when none are).
    const shards = [...new Set((query.values ?? (query.dimension === 'orgUnit' ? await this.values(query.granularity, query.dimension) : [''])).map((v) => cellShardOf(query.dimension, v)))];
    const reads = await Promise.all(
      shards.map(async (shard) => {
        const filter = { _id: { $gte: cellDocumentIdIn(query.granularity, query.dimension, shard, query.from), $lte: cellDocumentIdIn(query.granularity, query.dimension, shard, query.to) } };
        const found: Cell[] = [];
        // A year of days is ~370 documents: in a few large batches rather than the driver's default of 101 per round trip.
        for await (const doc of cells.find(filter, { projection: { g: 1, d: 1, period: 1, s: 1 }, batchSize: 500 }).sort({ _id: 1 })) {
          found.push(...cellsOfDocument(doc, wanted));
          if (found.length >= CELLS_READ_MAX) break;
        }
        return found;
      }),
    );
    const found = reads.length === 1 ? reads[0]! : reads.flat().sort((a, b) => (a.period !== b.period ? (a.period < b.period ? -1 : 1) : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
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
