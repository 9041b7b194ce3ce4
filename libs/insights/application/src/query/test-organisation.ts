import type { ManagementLevel } from '@plein/identity/contracts';
import { completenessMetric, dayKey, dimensionsOf, GAUGES, guardOf, monthKey, postDimensionsOf, weekKey, type Cell, type CompletenessBand, type PostDimensions } from '@plein/insights/domain';

/** A person of a generated organisation (test data only: the query side never sees people). */
export interface TestPerson {
  readonly orgUnit: string | null;
  readonly level: ManagementLevel;
  readonly location: string | null;
}

/** One thing a person did on a day: `posted` with 3 posts counts 1 in active_posted and 3 in posts. */
export interface TestActivity {
  readonly person: number;
  readonly day: string;
  readonly metric: string;
  readonly count?: number;
  /** The post it was on (posting, commenting, reacting, responding): counted in the post's cells too. */
  readonly post?: PostDimensions;
}

/**
 * Counter cells as the ingest writes them, computed straight from people and their activity:
 * people metrics count each person once per period and dimension value, event metrics add up.
 * The query tests know every true figure, so they can check what an attacker could compute.
 */
export function cellsOf(people: readonly TestPerson[], activities: readonly TestActivity[]): Cell[] {
  const cells = new Map<string, { granularity: Cell['granularity']; period: string; dimension: Cell['dimension']; value: string; metrics: Record<string, number> }>();
  const seen = new Set<string>();
  const bump = (granularity: Cell['granularity'], period: string, person: TestPerson, metric: string, by: number, once: string | null, post?: PostDimensions) => {
    for (const d of [...dimensionsOf({ level: person.level, orgUnit: person.orgUnit, location: person.location }), ...(post ? postDimensionsOf(post) : [])]) {
      const id = `${granularity}:${period}|${d.kind}:${d.value}`;
      if (once !== null) {
        const key = `${id}|${metric}|${once}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const cell = cells.get(id) ?? { granularity, period, dimension: d.kind, value: d.value, metrics: {} };
      cell.metrics[metric] = (cell.metrics[metric] ?? 0) + by;
      cells.set(id, cell);
    }
  };
  people.forEach((person, i) => bump('current', 'current', person, GAUGES.headcount, 1, String(i)));
  for (const a of activities) {
    const person = people[a.person]!;
    const at = new Date(`${a.day}T12:00:00Z`);
    for (const [granularity, period] of [
      ['day', dayKey(at)],
      ['week', weekKey(at)],
      ['month', monthKey(at)],
    ] as const) {
      const people = guardOf(a.metric) === a.metric;
      bump(granularity, period, person, a.metric, people ? 1 : (a.count ?? 1), people ? String(a.person) : null, a.post);
      if (!people) bump(granularity, period, person, guardOf(a.metric), 1, String(a.person), a.post);
    }
  }
  return [...cells.values()];
}

/**
 * The completeness gauge cells (`current`) of people in known bands, as the ingest counts them
 * (completenessCells): per dimension value the people counted and, per band, how many.
 */
export function completenessCellsOf(people: readonly TestPerson[], bands: readonly CompletenessBand[]): Cell[] {
  const cells = new Map<string, Cell & { metrics: Record<string, number> }>();
  people.forEach((person, i) => {
    for (const d of dimensionsOf(person)) {
      const id = `${d.kind}:${d.value}`;
      const cell = cells.get(id) ?? { granularity: 'current', period: 'current', dimension: d.kind, value: d.value, metrics: {} };
      for (const metric of [GAUGES.profiles, completenessMetric(bands[i]!)]) cell.metrics[metric] = (cell.metrics[metric] ?? 0) + 1;
      cells.set(id, cell);
    }
  });
  return [...cells.values()];
}
