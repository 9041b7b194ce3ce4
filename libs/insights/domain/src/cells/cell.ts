import type { Dimension, DimensionKind } from './dimensions';
import type { Granularity, Period } from './periods';

/** The gauges' period: figures as they stand now (headcount, profile completeness), not per time period. */
export const CURRENT: { readonly granularity: 'current'; readonly key: 'current' } = { granularity: 'current', key: 'current' };
export type CellGranularity = Granularity | 'current';

/**
 * One pre-aggregated counter cell: the counters of one period for one dimension value. Only
 * counts, sums and histogram buckets; never a person id, pseudonymous or not. A query for a
 * period range and a dimension kind reads one small document per period and value.
 */
export interface Cell {
  readonly granularity: CellGranularity;
  readonly period: string;
  readonly dimension: DimensionKind;
  readonly value: string;
  /** Counter name → value (see METRICS, GAUGES); a counter never incremented is absent (0). */
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * Stable id of a cell: `week|orgUnit|2026-W49|engineering/platform`. Granularity and dimension
 * first, then the period, so the cells of one granularity and dimension over a period range are
 * one range of ids, in period order (the one indexed field a read needs).
 */
export const cellId = (period: Period | typeof CURRENT, dimension: Dimension): string =>
  `${period.granularity}|${dimension.kind}|${period.key}|${dimension.value}`;

/** One counter increment of a cell, the unit the ingest writes (`$inc` on `m.<metric>`). */
export interface CellIncrement {
  readonly period: Period | typeof CURRENT;
  readonly dimension: Dimension;
  readonly metric: string;
  readonly by: number;
}
