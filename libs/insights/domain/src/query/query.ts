import { ValidationError } from '@plein/shared/kernel';
import { DURATION_BUCKETS, DURATION_BUCKET_NAMES, GAUGES, IDEA_TRANSITIONS, METRICS, ACTIVITY_KINDS, guardOf, type DurationFamily } from '../cells/metrics';
import { dayKey, monthKey, weekKey, type Granularity } from '../cells/periods';

/**
 * What the query side may ask of the cells, and the fixed shapes it asks in: calendar buckets
 * (UTC day, ISO week, month), at most MAX_RANGE_DAYS per request, one dimension at a time.
 */
export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;

/** The metrics a series or breakdown may name (counters of the cells; gauges are read by the composite views). */
export const QUERY_METRICS: readonly string[] = [
  METRICS.active,
  ...ACTIVITY_KINDS.map((k) => METRICS.activeKind(k)),
  METRICS.activeLeaders,
  METRICS.roleModels,
  METRICS.posts,
  METRICS.comments,
  METRICS.reactions,
  METRICS.responses,
  METRICS.acknowledgements,
  METRICS.questions,
  METRICS.questionsAnswered,
  METRICS.questionsAccepted,
  METRICS.mgrAnswerPeople,
  METRICS.acceptedAnswerPeople,
  METRICS.ideaAuthors,
  ...IDEA_TRANSITIONS.map(([from, to]) => METRICS.ideaTransition(from, to)),
  METRICS.activeGroups,
];

/**
 * A metric that counts distinct people (or groups) per period is not additive over time: a
 * week's active people are not the sum of its days'. Every other metric counts events, and a
 * week of them is exactly the sum of its days; for those, months are not offered (a month is
 * not made of whole weeks, so month minus weeks would leave partial weeks no rule protects),
 * and a day is always suppressed together with its week (days grouped in ISO weeks).
 */
export const isPeopleMetric = (metric: string): boolean => guardOf(metric) === metric || metric === GAUGES.headcount;

export interface PeriodRange {
  readonly granularity: Granularity;
  /** Period keys from the one holding `from` to the one holding `to`, in order. */
  readonly periods: readonly string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(field: string, raw: string): Date {
  const at = DATE.test(raw) ? new Date(`${raw}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || dayKey(at) !== raw) throw new ValidationError('INSIGHTS.INVALID_RANGE', [{ field, message: 'must be a calendar date YYYY-MM-DD' }]);
  return at;
}

/**
 * The periods of a request: `from` and `to` are dates (inclusive, UTC); every bucket that holds
 * one of their days is returned whole (no partial buckets). Refused: to before from, more than
 * MAX_RANGE_DAYS days, a range ending after `today`, months of an event-count metric.
 */
export function periodRange(granularity: Granularity, from: string, to: string, today: Date, metric?: string): PeriodRange {
  const start = parseDate('query.from', from);
  const end = parseDate('query.to', to);
  if (end < start) throw new ValidationError('INSIGHTS.INVALID_RANGE', [{ field: 'query.to', message: 'must not be before from' }]);
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) throw new ValidationError('INSIGHTS.INVALID_RANGE', [{ field: 'query.to', message: `must be at most ${MAX_RANGE_DAYS} days after from` }]);
  if (end.getTime() > today.getTime() + DAY_MS) throw new ValidationError('INSIGHTS.INVALID_RANGE', [{ field: 'query.to', message: 'must not be in the future' }]);
  if (metric !== undefined && granularity === 'month' && !isPeopleMetric(metric)) {
    throw new ValidationError('INSIGHTS.INVALID_GRANULARITY', [{ field: 'query.granularity', message: `${metric} counts events, which add up over time: ask per day or week` }]);
  }
  const key = granularity === 'day' ? dayKey : granularity === 'week' ? weekKey : monthKey;
  const periods: string[] = [];
  for (let t = start.getTime(); t <= end.getTime(); t += DAY_MS) {
    const k = key(new Date(t));
    if (periods[periods.length - 1] !== k) periods.push(k);
  }
  return { granularity, periods };
}

/** The seven days (`2026-11-30` … `2026-12-06`) of an ISO week key `2026-W49`. */
export function daysOfWeek(week: string): string[] {
  const [y, w] = week.split('-W').map(Number);
  const jan4 = new Date(Date.UTC(y!, 0, 4));
  const monday = Date.UTC(y!, 0, 4 - ((jan4.getUTCDay() || 7) - 1)) + (w! - 1) * 7 * DAY_MS;
  return Array.from({ length: 7 }, (_, i) => dayKey(new Date(monday + i * DAY_MS)));
}

/** The ISO week of a day key. */
export const weekOfDay = (day: string): string => weekKey(new Date(`${day}T00:00:00Z`));

/** `engineering/platform` → its parent `engineering`; a top-level unit → null. */
export const parentOf = (orgUnit: string): string | null => {
  const at = orgUnit.lastIndexOf('/');
  return at < 0 ? null : orgUnit.slice(0, at);
};

/** The org units right below `parent` (the top level for null) among the known values. */
export const childrenOf = (values: readonly string[], parent: string | null): string[] => values.filter((v) => parentOf(v) === parent);

/**
 * The median of a duration family from a cell's histogram (`<family>_le_<bucket>` counts):
 * the bucket the middle answer falls in, as its upper bound; null when the cell has none.
 */
export function medianBucket(metrics: Readonly<Record<string, number>>, family: DurationFamily): { bucket: string; atMostSeconds: number | null } | null {
  const counts = DURATION_BUCKET_NAMES.map((name) => metrics[`${family}_le_${name}`] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen * 2 >= total) return { bucket: DURATION_BUCKET_NAMES[i]!, atMostSeconds: DURATION_BUCKETS[i]?.[1] ?? null };
  }
  return null;
}
