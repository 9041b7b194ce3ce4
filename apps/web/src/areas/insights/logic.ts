import type { Me } from '../../api';
import type { Breakdown, CompletenessRow, Figure, Granularity } from './api';

/** The role that may read insights' figures (identity; administrators need it too). */
export const INSIGHTS_VIEWER = 'insights-viewer';
export const mayViewInsights = (me: Pick<Me, 'roles'>): boolean => me.roles.includes(INSIGHTS_VIEWER);

/** insights answers at most this many days from `from` to `to` (MAX_RANGE_DAYS). */
export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface Range {
  readonly granularity: Granularity;
  readonly from: string;
  readonly to: string;
}

export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The default range of a granularity, ending today (UTC): 14 days, 12 weeks or 12 months. */
export function defaultRange(granularity: Granularity, today: Date): Range {
  const days = granularity === 'day' ? 13 : granularity === 'week' ? 7 * 12 - 1 : 365;
  return { granularity, from: isoDay(new Date(today.getTime() - days * DAY_MS)), to: isoDay(today) };
}

/** A date the API would take (a real calendar day), as epoch ms; null otherwise. */
function dayOf(text: string): number | null {
  if (!DATE.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || isoDay(new Date(ms)) !== text ? null : ms;
}

export type RangeError = { readonly field: 'from' | 'to'; readonly problem: 'invalid' | 'future' | 'order' | 'tooLong' };

/** The same checks as the API, before asking it: real dates, not in the future, from ≤ to, at most 400 days apart. */
export function checkRange(range: Range, today: Date): RangeError | null {
  const from = dayOf(range.from);
  const to = dayOf(range.to);
  if (from === null) return { field: 'from', problem: 'invalid' };
  if (to === null) return { field: 'to', problem: 'invalid' };
  if (to > Date.parse(`${isoDay(today)}T00:00:00Z`)) return { field: 'to', problem: 'future' };
  if (from > to) return { field: 'from', problem: 'order' };
  if ((to - from) / DAY_MS > MAX_RANGE_DAYS) return { field: 'to', problem: 'tooLong' };
  return null;
}

const base = '/api/insights/v1/insights';
function query(params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, v);
  return p.toString();
}
const rangeQuery = (r: Range) => ({ granularity: r.granularity, from: r.from, to: r.to });
export const insightsPath = {
  adoption: (r: Range, by?: Breakdown) => `${base}/adoption?${query({ ...rangeQuery(r), by })}`,
  leadership: (r: Range) => `${base}/leadership?${query(rangeQuery(r))}`,
  engagement: (r: Range) => `${base}/engagement?${query(rangeQuery(r))}`,
  viewCsv: (view: 'adoption' | 'leadership' | 'engagement', r: Range) => `${base}/${view}.csv?${query(rangeQuery(r))}`,
  seriesCsv: (metric: string, r: Range, by?: string) => `${base}/export.csv?${query({ metric, ...rangeQuery(r), by })}`,
  transparencyPage: `${base}/transparency.html`,
};

/** A figure for reading: the number in the reader's locale (with % when asked), or null when hidden. */
export function formatFigure(value: Figure | undefined, lang: string, percent = false): string | null {
  if (value === null || value === undefined) return null;
  const text = value.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });
  return percent ? `${text}%` : text;
}

/**
 * The top of a chart's scale: the largest shown value rounded up to 1, 2, 2.5 or 5 times a power
 * of ten (at least 1), so bars of hidden figures are never implied by the scale.
 */
export function niceMax(values: readonly Figure[]): number {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** The length of a bar for a value on a scale [0, max] drawn `size` long; null for a hidden figure (no bar, not a zero bar). */
export function barLength(value: Figure, max: number, size: number): number | null {
  if (value === null) return null;
  if (max <= 0) return 0;
  return Math.max(0, Math.min(size, (value / max) * size));
}

/** Ticks of a scale: 0, the middle and the top. */
export const ticks = (max: number): number[] => [0, max / 2, max];

/** The periods' last one that has any figure shown, else the last one; null for none. */
export function latestPeriod<T extends { readonly period: string }>(periods: readonly T[], shown: (p: T) => boolean): string | null {
  for (let i = periods.length - 1; i >= 0; i--) if (shown(periods[i]!)) return periods[i]!.period;
  return periods.at(-1)?.period ?? null;
}

/** An org unit path's last segment for a label (`engineering/platform` → `platform`); the whole key otherwise. */
export const unitLabel = (key: string): string => key.split('/').filter(Boolean).at(-1) ?? key;

/** One segment of a part's stacked completeness bar: a shown band (its index) or the hidden bands together (`band` null). */
export interface Segment {
  readonly band: number | null;
  readonly x: number;
  readonly width: number;
}

/**
 * A part's stacked bar, `size` long for its counted people: each shown band at its share, then
 * the hidden bands together as one grey segment (insights keeps what they add up to at k people
 * or more, or hides the part). Nothing for a part whose count is hidden: no bar, not an empty one.
 */
export function completenessSegments(row: Pick<CompletenessRow, 'profiles' | 'bands'>, size: number): Segment[] {
  if (row.profiles === null || row.profiles <= 0) return [];
  const total = row.profiles;
  const segments: Segment[] = [];
  let x = 0;
  row.bands.forEach((b, band) => {
    if (b.count === null || b.count <= 0) return;
    const width = (Math.min(b.count, total) / total) * size;
    segments.push({ band, x, width });
    x += width;
  });
  const hidden = total - row.bands.reduce((sum, b) => sum + (b.count ?? 0), 0);
  if (hidden > 0) segments.push({ band: null, x, width: Math.max(0, size - x) });
  return segments;
}
