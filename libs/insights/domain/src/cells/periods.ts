/**
 * Periods of the counter cells, all in UTC: a day (`2026-12-06`), an ISO week (`2026-W49`) and a
 * month (`2026-12`). Every activity counts in the three periods that contain its time.
 */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface Period {
  readonly granularity: Granularity;
  /** `2026-12-06`, `2026-W49` or `2026-12`; sorts in time order within one granularity. */
  readonly key: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export const dayKey = (at: Date): string => `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
export const monthKey = (at: Date): string => `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}`;

/** ISO 8601 week key: weeks start on Monday; week 1 holds the year's first Thursday. */
export function weekKey(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${pad(week)}`;
}

export function periodKey(granularity: Granularity, at: Date): string {
  if (granularity === 'day') return dayKey(at);
  if (granularity === 'week') return weekKey(at);
  return monthKey(at);
}

/** The day, week and month that contain `at`. */
export const periodsOf = (at: Date): readonly Period[] => GRANULARITIES.map((granularity) => ({ granularity, key: periodKey(granularity, at) }));

/**
 * First instant after the period (exclusive end), so retention can tell whether a period is
 * closed: a fact of a period that ended before the retention horizon is no longer needed.
 */
export function periodEnd(period: Period): Date {
  if (period.granularity === 'day') {
    const [y, m, d] = period.key.split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d! + 1));
  }
  if (period.granularity === 'month') {
    const [y, m] = period.key.split('-').map(Number);
    return new Date(Date.UTC(y!, m!, 1));
  }
  const [y, w] = period.key.split('-W').map(Number);
  const jan4 = new Date(Date.UTC(y!, 0, 4));
  const mondayWeek1 = Date.UTC(y!, 0, 4 - ((jan4.getUTCDay() || 7) - 1));
  return new Date(mondayWeek1 + w! * 7 * 86_400_000);
}
