import { childrenOf, COMPLETENESS_BANDS, completenessMetric, GAUGES, shareOf, suppress, type Cell, type CompletenessBand, type Shown, type SuppressionCell, type SuppressionGroup } from '@plein/insights/domain';

/** The person dimensions completeness is broken down by. */
export type CompletenessDimension = 'orgUnit' | 'location' | 'level';
export const COMPLETENESS_DIMENSIONS: readonly CompletenessDimension[] = ['orgUnit', 'location', 'level'];

/** One row of the table: the people counted and, per band, how many and their share of the row. */
export interface CompletenessRow {
  readonly profiles: Shown;
  readonly bands: readonly { readonly band: CompletenessBand; readonly count: Shown; readonly sharePercent: Shown }[];
}

/** The `current` cells of the whole organisation (`all`) and of every value of each dimension, and each dimension's values. */
export interface CompletenessInput {
  readonly cells: readonly Cell[];
  readonly values: Readonly<Record<CompletenessDimension, readonly string[]>>;
}

const BANDS = COMPLETENESS_BANDS.map(([band]) => band);
const row = (kind: string, value: string) => `${kind}:${value}`;
// A separator no dimension value holds, so a band's id never equals a row's.
const band = (rowId: string, b: CompletenessBand) => `${rowId}\u0001${b}`;
const rest = (kind: string, total: string) => `\u0001rest:${kind}:${total}`;

/**
 * Profile completeness as a two-way table, suppressed once as a whole (docs/insights/privacy.md):
 * the rows are the organisation and every value of every dimension (the whole org unit tree,
 * every location and level), the columns the bands. Published are a row's counted people (its
 * total), its bands, and so each band's count in the organisation and in every parent unit. So
 * the groups are:
 *  - per row: its counted people = its bands (every counted person is in exactly one band);
 *  - per level of a breakdown (the organisation's locations; the units right below a unit):
 *    the total's people = the parts' people + the people in none of them (a named remainder: the
 *    people directly in the unit), and the same per band, and the people directly in the unit
 *    = their bands (which links the band remainders, so the parent minus its children per band
 *    and in all cannot be combined into a small figure).
 * Rule 4 of the engine solves all of them together (a row total minus its visible bands, a band
 * total minus its visible parts, the parent minus its children: any combination). Because the
 * table is the same whatever a request asks (which dimension, which parent), every request agrees
 * on every cell, and an organisation-wide band is the same with or without a breakdown.
 */
export function suppressCompleteness(input: CompletenessInput, k: number): (kind: 'all' | CompletenessDimension, value: string) => CompletenessRow {
  const metrics = new Map(input.cells.map((c) => [row(c.dimension, c.value), c.metrics]));
  const people = new Map<string, number>();
  const count = (id: string, metric: string) => people.set(id, metrics.get(id)?.[metric] ?? 0);
  const rows = [row('all', 'all'), ...COMPLETENESS_DIMENSIONS.flatMap((kind) => input.values[kind].map((v) => row(kind, v)))];
  const groups: SuppressionGroup[] = [];
  for (const id of rows) {
    count(id, GAUGES.profiles);
    for (const b of BANDS) people.set(band(id, b), metrics.get(id)?.[completenessMetric(b)] ?? 0);
    groups.push({ total: id, parts: BANDS.map((b) => band(id, b)) });
  }
  const of = (id: string) => people.get(id) ?? 0;
  for (const kind of COMPLETENESS_DIMENSIONS) {
    const values = input.values[kind];
    const levels: { total: string; parts: string[] }[] =
      kind === 'orgUnit'
        ? [null, ...values].map((unit) => ({ total: unit === null ? row('all', 'all') : row(kind, unit), parts: childrenOf(values, unit).map((v) => row(kind, v)) })).filter((l) => l.parts.length > 0)
        : [{ total: row('all', 'all'), parts: values.map((v) => row(kind, v)) }];
    for (const { total, parts } of levels) {
      const direct = rest(kind, total);
      people.set(direct, Math.max(0, of(total) - parts.reduce((s, id) => s + of(id), 0)));
      groups.push({ total, parts, remainder: direct });
      for (const b of BANDS) {
        people.set(band(direct, b), Math.max(0, of(band(total, b)) - parts.reduce((s, id) => s + of(band(id, b)), 0)));
        groups.push({ total: band(total, b), parts: parts.map((id) => band(id, b)), remainder: band(direct, b) });
      }
      groups.push({ total: direct, parts: BANDS.map((b) => band(direct, b)) });
    }
  }
  const cells: SuppressionCell[] = [...people].map(([id, n]) => ({ id, people: n }));
  const hidden = suppress(cells, groups, k, { exact: true });
  const shown = (id: string): Shown => (people.has(id) && !hidden.has(id) ? of(id) : null);
  return (kind, value) => {
    const id = row(kind, value);
    const profiles = shown(id);
    return { profiles, bands: BANDS.map((b) => ({ band: b, count: shown(band(id, b)), sharePercent: shareOf(shown(band(id, b)), profiles) })) };
  };
}
