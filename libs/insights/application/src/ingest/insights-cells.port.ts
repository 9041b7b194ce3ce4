import type { Cell, CellGranularity, DimensionKind } from '@plein/insights/domain';

/**
 * A read of counter cells: one granularity, a period range (inclusive keys, e.g. `2026-W40` to
 * `2026-W49`; `current`/`current` for the gauges) and one dimension kind, optionally limited to
 * some values. Never more than CELLS_READ_MAX cells: a year of weeks over every org unit of a
 * large organisation stays below it.
 */
export interface CellQuery {
  readonly granularity: CellGranularity;
  readonly from: string;
  readonly to: string;
  readonly dimension: DimensionKind;
  /** Only these dimension values (e.g. one org unit and its children); all values when absent. */
  readonly values?: readonly string[];
}

export const CELLS_READ_MAX = 20_000;

/**
 * The read port of the pre-aggregated cells (the query side's only source). Cells hold only
 * counters; suppression (k) is the caller's job: a figure is shown only when its guard metric
 * (guardOf) is at least k in that cell.
 */
export interface InsightsCells {
  /** Cells of the query, sorted by period, then value; a cell with no counters is absent. */
  read(query: CellQuery): Promise<readonly Cell[]>;
  /** Dimension values that have a cell in the granularity (for listing org units and locations), sorted, bounded by CELLS_READ_MAX. */
  values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]>;
}

/** In-memory InsightsCells for unit tests of the query side. */
export class InMemoryInsightsCells implements InsightsCells {
  constructor(private readonly cells: readonly Cell[]) {}

  async read(query: CellQuery): Promise<readonly Cell[]> {
    return this.cells
      .filter(
        (c) =>
          c.granularity === query.granularity &&
          c.dimension === query.dimension &&
          c.period >= query.from &&
          c.period <= query.to &&
          (!query.values || query.values.includes(c.value)),
      )
      .sort((a, b) => (a.period === b.period ? a.value.localeCompare(b.value) : a.period.localeCompare(b.period)))
      .slice(0, CELLS_READ_MAX);
  }

  async values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]> {
    return [...new Set(this.cells.filter((c) => c.granularity === granularity && c.dimension === dimension).map((c) => c.value))].sort();
  }
}
