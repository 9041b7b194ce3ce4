import {
  ALL_POSTS,
  childrenOf,
  daysOfWeek,
  guardOf,
  MIN_K,
  orgUnitAncestry,
  periodRange,
  POST_DIMENSION_KINDS,
  POST_DIMENSION_VALUES,
  POST_METRICS,
  suppress,
  weekOfDay,
  type Cell,
  type CellGranularity,
  type DimensionKind,
  type Granularity,
  type PostDimensionKind,
  type SuppressionCell,
  type SuppressionGroup,
} from '@plein/insights/domain';
import { NotFoundError, systemClock, ValidationError, type Clock } from '@plein/shared/kernel';
import type { InsightsCells } from '../ingest/insights-cells.port';

/**
 * The breakdowns offered: the whole organisation, or one dimension (org units one level at a
 * time); for engagement with posts (POST_METRICS) also the posts' kind or call to action.
 */
export type By = 'all' | 'orgUnit' | 'location' | 'level' | PostDimensionKind;
export const BREAKDOWNS: readonly By[] = ['all', 'orgUnit', 'location', 'level', ...POST_DIMENSION_KINDS];
const isPostDimension = (by: By): by is PostDimensionKind => (POST_DIMENSION_KINDS as readonly string[]).includes(by);
export const LEVELS = ['employee', 'manager', 'director', 'board'] as const;

export interface InsightsQuerySettings {
  /** Smallest group shown (at least MIN_K). */
  readonly k: number;
  readonly clock?: Clock;
}

export interface TableRequest {
  readonly metric: string;
  readonly granularity: Granularity;
  /** Inclusive dates YYYY-MM-DD (UTC); whole buckets. */
  readonly from: string;
  readonly to: string;
  readonly by: By;
  /** With `by: orgUnit`: the org unit whose children are the parts (the top level when absent). */
  readonly parent?: string | undefined;
}

/** A figure and, only when it is shown, the counters of its cell (for derived figures such as medians). */
export interface Figure {
  readonly value: number | null;
  readonly counters: Readonly<Record<string, number>> | null;
}

export interface TableRow {
  readonly period: string;
  /** The whole organisation, or the parent org unit when drilling down. */
  readonly total: Figure;
  readonly parts: readonly { readonly key: string; readonly figure: Figure }[];
}

export interface Table {
  readonly metric: string;
  readonly granularity: CellGranularity;
  readonly by: By;
  readonly parent: string | null;
  readonly rows: readonly TableRow[];
}

const ALL = 'all';
const cellKey = (granularity: string, period: string, kind: DimensionKind, value: string): string => `${granularity}:${period}|${kind}:${value}`;

/**
 * The query side: reads counter cells through InsightsCells and answers only suppressed tables
 * (docs/insights/privacy.md). Every figure's fate is decided over a canonical neighbourhood that
 * does not depend on the request: for a period, the breakdown of every level from the whole
 * organisation down to the asked one (all siblings at each level); for days, also their whole ISO
 * weeks and the weeks' own breakdowns. So two requests that share a cell agree on it.
 */
export class InsightsQuery {
  private readonly clock: Clock;

  constructor(
    private readonly cells: InsightsCells,
    readonly settings: InsightsQuerySettings,
  ) {
    if (!Number.isInteger(settings.k) || settings.k < MIN_K) throw new RangeError(`k must be at least ${MIN_K}`);
    this.clock = settings.clock ?? systemClock;
  }

  /**
   * The same query side, reading each distinct cell range once: a composite view asks for several
   * metrics of the same cells (one document holds every counter), so it reads them once.
   */
  withReadCache(): InsightsQuery {
    const reads = new Map<string, Promise<readonly Cell[]>>();
    const values = new Map<string, Promise<readonly string[]>>();
    const cells = this.cells;
    const once = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
      let hit = map.get(key);
      if (!hit) map.set(key, (hit = load()));
      return hit;
    };
    return new InsightsQuery(
      {
        read: (q) => once(reads, JSON.stringify([q.granularity, q.from, q.to, q.dimension, q.values ?? null]), () => cells.read(q)),
        values: (granularity, dimension) => once(values, `${granularity}|${dimension}`, () => cells.values(granularity, dimension)),
      },
      this.settings,
    );
  }

  get k(): number {
    return this.settings.k;
  }

  /** A metric per period for the whole organisation and, with `by`, its parts. */
  async table(request: TableRequest): Promise<Table> {
    const { metric, granularity, by } = request;
    if (isPostDimension(by) && !POST_METRICS.includes(metric)) {
      throw new ValidationError('INSIGHTS.INVALID_BREAKDOWN', [{ field: 'query.by', message: `${by} breaks down engagement with posts only: ${POST_METRICS.join(', ')}` }]);
    }
    const range = periodRange(granularity, request.from, request.to, this.clock.now(), metric);
    const parent = by === 'orgUnit' ? (request.parent ?? null) : null;
    const { kind, chain, values } = await this.breakdown(by, parent);

    // Periods read: the asked ones; for days, their whole ISO weeks and those weeks too.
    const weeks = granularity === 'day' ? [...new Set(range.periods.map(weekOfDay))] : [];
    const days = granularity === 'day' ? weeks.flatMap(daysOfWeek) : [];
    const layers: { granularity: Granularity; periods: readonly string[] }[] = granularity === 'day' ? [{ granularity: 'day', periods: days }, { granularity: 'week', periods: weeks }] : [{ granularity, periods: range.periods }];

    // Every range at once (the organisation's and the breakdown's, per layer): independent reads.
    const reads = layers.flatMap((layer) => {
      const from = layer.periods[0]!;
      const to = layer.periods[layer.periods.length - 1]!;
      return [this.cells.read({ granularity: layer.granularity, from, to, dimension: 'all' }), ...(values.length > 0 ? [this.cells.read({ granularity: layer.granularity, from, to, dimension: kind, values })] : [])];
    });
    const byId = new Map<string, Cell>();
    for (const cells of await Promise.all(reads)) for (const cell of cells) byId.set(cellKey(cell.granularity, cell.period, cell.dimension, cell.value), cell);

    const guard = guardOf(metric);
    // A person is in one org unit, location and level at a time; they engage with posts of several kinds.
    const overlapping = isPostDimension(by);
    const idOf = (g: string, period: string, value: string | null) => (value === null ? cellKey(g, period, 'all', ALL) : cellKey(g, period, kind, value));
    const suppressionCells: SuppressionCell[] = [];
    const groups: SuppressionGroup[] = [];
    for (const layer of layers) {
      for (const period of layer.periods) {
        for (const value of [null, ...values]) {
          const id = idOf(layer.granularity, period, value);
          suppressionCells.push({ id, people: byId.get(id)?.metrics[guard] ?? 0 });
        }
        for (const level of chain) groups.push({ total: idOf(layer.granularity, period, level.total), parts: level.parts.map((v) => idOf(layer.granularity, period, v)), ...(overlapping ? { overlapping } : {}) });
      }
    }
    // The same people act on several days of a week: a week's days overlap.
    for (const week of weeks) {
      for (const value of [null, ...values]) groups.push({ total: idOf('week', week, value), parts: daysOfWeek(week).map((d) => idOf('day', d, value)), overlapping: true });
    }
    const hidden = suppress(suppressionCells, groups, this.settings.k);

    const figure = (id: string): Figure => {
      if (hidden.has(id)) return { value: null, counters: null };
      const counters = byId.get(id)?.metrics ?? {};
      return { value: counters[metric] ?? 0, counters };
    };
    const last = chain[chain.length - 1];
    return {
      metric,
      granularity,
      by,
      parent,
      rows: range.periods.map((period) => ({
        period,
        total: figure(idOf(granularity, period, last?.total ?? null)),
        parts: (last?.parts ?? []).map((key) => ({ key, figure: figure(idOf(granularity, period, key)) })),
      })),
    };
  }

  /**
   * A gauge as it stands now (headcount, profiles, completeness bands), for the whole
   * organisation and one dimension's values (org units: the top level, or under `parent`).
   */
  async current(metric: string, by: By, parent: string | null = null): Promise<{ total: Figure; parts: { key: string; figure: Figure }[] }> {
    const { kind, chain, values } = await this.breakdown(by, parent);
    const byId = new Map<string, Cell>();
    const idOf = (value: string | null) => (value === null ? cellKey('current', 'current', 'all', ALL) : cellKey('current', 'current', kind, value));
    for (const cell of await this.cells.read({ granularity: 'current', from: 'current', to: 'current', dimension: 'all' })) byId.set(idOf(null), cell);
    if (values.length > 0) for (const cell of await this.cells.read({ granularity: 'current', from: 'current', to: 'current', dimension: kind, values })) byId.set(idOf(cell.value), cell);
    const guard = guardOf(metric);
    const hidden = suppress(
      [null, ...values].map((v) => ({ id: idOf(v), people: byId.get(idOf(v))?.metrics[guard] ?? 0 })),
      chain.map((c) => ({ total: idOf(c.total), parts: c.parts.map(idOf) })),
      this.settings.k,
    );
    const figure = (id: string): Figure => (hidden.has(id) ? { value: null, counters: null } : { value: byId.get(id)?.metrics[metric] ?? 0, counters: byId.get(id)?.metrics ?? {} });
    const last = chain[chain.length - 1];
    return { total: figure(idOf(last?.total ?? null)), parts: (last?.parts ?? []).map((key) => ({ key, figure: figure(idOf(key)) })) };
  }

  /**
   * Every `current` cell (gauges as they stand now) of the whole organisation and of each person
   * dimension, with each dimension's values: the input of a table suppressed as a whole
   * (completeness-table.ts).
   */
  async currentOfEveryDimension(): Promise<{ cells: Cell[]; values: Record<'orgUnit' | 'location' | 'level', string[]> }> {
    const read = (dimension: DimensionKind) => this.cells.read({ granularity: 'current', from: 'current', to: 'current', dimension });
    const [all, orgUnits, locations, levels, orgUnitValues, locationValues] = await Promise.all([
      read('all'),
      read('orgUnit'),
      read('location'),
      read('level'),
      this.cells.values('current', 'orgUnit'),
      this.cells.values('current', 'location'),
    ]);
    return { cells: [...all, ...orgUnits, ...locations, ...levels], values: { orgUnit: [...orgUnitValues], location: [...locationValues], level: [...LEVELS] } };
  }

  /**
   * Which breakdown groups: the chain of levels from the whole organisation to the parts asked for
   * (org units: each ancestor of `parent` down to its children), and every value read. The parts
   * are the dimension values that exist now (the `current` cells: one per value, so the list is
   * small and the same for every period and request). A value gone since then is not a part: its
   * people fall in the remainder, which rule 3 protects like a part.
   */
  private async breakdown(by: By, parent: string | null): Promise<{ kind: DimensionKind; chain: { total: string | null; parts: string[] }[]; values: string[] }> {
    const kind: DimensionKind = by === 'all' ? 'all' : by;
    const chain: { total: string | null; parts: string[] }[] = [];
    if (isPostDimension(by)) {
      // Engagement with posts: the total is every post (its own cell), the parts the feed's fixed kinds.
      chain.push({ total: ALL_POSTS, parts: [...POST_DIMENSION_VALUES[by]] });
      return { kind, chain, values: [ALL_POSTS, ...POST_DIMENSION_VALUES[by]] };
    }
    const known = by === 'all' ? [] : by === 'level' ? [...LEVELS] : await this.cells.values('current', kind);
    if (by === 'orgUnit') {
      if (parent !== null && !known.includes(parent)) throw new NotFoundError('INSIGHTS.ORG_UNIT_NOT_FOUND', `No figures for org unit ${parent}`);
      for (const level of [null, ...(parent === null ? [] : orgUnitAncestry(parent))]) chain.push({ total: level, parts: childrenOf(known, level) });
    } else if (by !== 'all') {
      chain.push({ total: null, parts: [...known] });
    }
    const values = [...new Set(chain.flatMap((c) => [...(c.total === null ? [] : [c.total]), ...c.parts]))];
    return { kind, chain, values };
  }
}
