import {
  ADOPTION_KINDS,
  ALL,
  CURRENT,
  dimensionsOf,
  durationMetrics,
  durationSumMetric,
  factId,
  GAUGES,
  isLeader,
  METRICS,
  periodEnd,
  onceFactId,
  periodsOf,
  postDimensionsOf,
  ROLE_MODEL_KINDS,
  type ActivityKind,
  type CellIncrement,
  type Dimension,
  type DurationFamily,
  type FactKind,
  type Period,
  type PersonDimensions,
  type PostDimensions,
  type PostEngagementKind,
} from '@plein/insights/domain';

/**
 * What one event does to the cells: facts to insert (insert-only, unique ids), each with the
 * counter increments that apply only if THIS event inserted the fact. An effect with `requires`
 * is inserted only when those facts exist (after the event's other facts are in): role models.
 */
export interface Effect {
  readonly factId: string;
  /** End of the fact's period: the retention purge removes facts whose period ended before its horizon. */
  readonly periodEnd: Date;
  readonly increments: readonly CellIncrement[];
  readonly requires?: readonly string[];
}

/** A gauge change applied once per event (headcount moves); guarded by the event id only. */
export interface GaugeChange {
  readonly increments: readonly CellIncrement[];
}

const incrementsIn = (period: Period | typeof CURRENT, dimensions: readonly Dimension[], metric: string, by = 1): CellIncrement[] =>
  dimensions.map((dimension) => ({ period, dimension, metric, by }));

/**
 * A person's activity of one kind at `at`: per day, week and month the fact `<person>|<period>|<kind>`
 * (counter active_<kind>), for adoption kinds also `active` (counter active) and for leaders
 * `leader` (active_leaders); for leaders doing a role-model kind, the role-model fact once the
 * three kinds are in (role_models). Counted in the cells of the person's dimensions at `at`.
 */
export function activityEffects(person: string, dims: PersonDimensions, kind: ActivityKind, at: Date): Effect[] {
  const dimensions = dimensionsOf(dims);
  const effects: Effect[] = [];
  for (const period of periodsOf(at)) {
    const end = periodEnd(period);
    const fact = (k: FactKind, metric: string, requires?: readonly string[]): Effect => ({
      factId: factId(person, period, k),
      periodEnd: end,
      increments: incrementsIn(period, dimensions, metric),
      ...(requires ? { requires } : {}),
    });
    effects.push(fact(kind, METRICS.activeKind(kind)));
    if (ADOPTION_KINDS.includes(kind)) {
      effects.push(fact('active', METRICS.active));
      if (isLeader(dims.level)) effects.push(fact('leader', METRICS.activeLeaders));
    }
    if (isLeader(dims.level) && ROLE_MODEL_KINDS.includes(kind)) {
      effects.push(fact('role-model', METRICS.roleModels, ROLE_MODEL_KINDS.map((k) => factId(person, period, k))));
    }
  }
  return effects;
}

/**
 * Counters incremented once (per event: posts, comments, ...; per thing: a question's first
 * answer), in the cells of `dims` for the periods of `at`, under one once-fact `onceId`
 * (onceFactId('event', eventId) for per-event counters).
 */
export function countEffect(onceId: string, dims: PersonDimensions, at: Date, metrics: Readonly<Record<string, number>>): Effect {
  const dimensions = dimensionsOf(dims);
  const periods = periodsOf(at);
  return {
    factId: onceId,
    periodEnd: periodEnd(periods[2]!),
    increments: periods.flatMap((period) => Object.entries(metrics).flatMap(([metric, by]) => incrementsIn(period, dimensions, metric, by))),
  };
}

/**
 * Distinct people per cell rather than per period: the fact `<person>|<period>|<kind>@<dim>` for
 * each cell, so a person counts once in each cell it is counted in, exactly (used for the guards
 * of figures counted in someone else's cells: answers in the question's cells, idea moves in the
 * idea author's cells).
 */
export function perCellPeopleEffects(person: string, dims: PersonDimensions, at: Date, kind: FactKind, metric: string): Effect[] {
  return periodsOf(at).flatMap((period) =>
    dimensionsOf(dims).map((dimension) => ({
      factId: factId(person, period, `${kind}@${dimension.kind}:${dimension.value}` as FactKind),
      periodEnd: periodEnd(period),
      increments: [{ period, dimension, metric, by: 1 }],
    })),
  );
}

/** A duration counted once (a question's first leader answer, its accepted answer, an idea leaving a state). */
export function durationEffect(onceId: string, dims: PersonDimensions, at: Date, family: DurationFamily, seconds: number, extra: Readonly<Record<string, number>> = {}): Effect {
  const whole = Math.max(0, Math.round(seconds));
  const metrics: Record<string, number> = { ...extra, [durationSumMetric(family)]: whole };
  for (const m of durationMetrics(family, whole)) metrics[m] = (metrics[m] ?? 0) + 1;
  return countEffect(onceId, dims, at, metrics);
}

/**
 * An activity on a post (posting it, commenting, reacting, responding) in the post-dimension cells
 * (every post, its kind, its call to action) of the periods of `at`: the person counts once per
 * cell and period (`<person>|<period>|<kind>@<dimension>:<value>`, counter active_<kind>), and the
 * event's counters once (`event|<event>@post`).
 */
export function postEngagementEffects(eventId: string, person: string, post: PostDimensions, kind: PostEngagementKind, at: Date, counters: Readonly<Record<string, number>>): Effect[] {
  const dimensions = postDimensionsOf(post);
  const periods = periodsOf(at);
  const effects: Effect[] = periods.flatMap((period) =>
    dimensions.map((dimension) => ({
      factId: factId(person, period, `${kind}@${dimension.kind}:${dimension.value}` as FactKind),
      periodEnd: periodEnd(period),
      increments: [{ period, dimension, metric: METRICS.activeKind(kind), by: 1 }],
    })),
  );
  const entries = Object.entries(counters).filter(([, by]) => by !== 0);
  if (entries.length) {
    effects.push({
      factId: onceFactId('event', `${eventId}@post`),
      periodEnd: periodEnd(periods[2]!),
      increments: periods.flatMap((period) => entries.flatMap(([metric, by]) => incrementsIn(period, dimensions, metric, by))),
    });
  }
  return effects;
}

/** A group with activity in the period (active_groups of the whole-organisation cell). */
export function groupEffects(groupId: string, at: Date): Effect[] {
  return periodsOf(at).map((period) => ({
    factId: factId(`group:${groupId}`, period, 'active'),
    periodEnd: periodEnd(period),
    increments: [{ period, dimension: ALL, metric: METRICS.activeGroups, by: 1 }],
  }));
}

/** Headcount gauges: -1 in the cells of the old dimensions, +1 in the new ones (null: not counted). */
export function headcountChange(before: PersonDimensions | null, after: PersonDimensions | null): GaugeChange {
  const increments = new Map<string, CellIncrement>();
  const add = (dims: PersonDimensions | null, by: number) => {
    if (!dims) return;
    for (const dimension of dimensionsOf(dims)) {
      const key = `${dimension.kind}|${dimension.value}`;
      const sum = (increments.get(key)?.by ?? 0) + by;
      increments.set(key, { period: CURRENT, dimension, metric: GAUGES.headcount, by: sum });
    }
  };
  add(before, -1);
  add(after, 1);
  return { increments: [...increments.values()].filter((i) => i.by !== 0) };
}
