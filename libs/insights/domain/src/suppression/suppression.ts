/**
 * Small-cell suppression with a differencing defence (docs/adr/0019-insights-suppression-and-differencing.md).
 *
 * A cell is one published figure (a period x dimension value x metric) together with `people`:
 * how many distinct people stand behind it. A group says that a total cell is made of its part
 * cells (plus an unpublished remainder): a breakdown's total and its values, a department and the
 * departments right below it, an ISO week and its days. Whoever sees the total and the visible
 * parts can subtract; the rules make sure what they get is never fewer than k people:
 *
 *  1. primary: a cell of fewer than k people is hidden;
 *  2. a hidden total hides every part of it (drilling into a hidden department shows nothing);
 *  3. complementary: in a group with a visible total, the hidden parts together with the
 *     remainder (total minus all parts, when positive) must be at least two things and at least
 *     k people, or nothing at all, or only a remainder of k or more; otherwise the smallest
 *     visible part (then the first by id) is hidden as well, and again until that holds.
 *
 * Rules 2 and 3 run to a fixpoint over every group, so a cell in several groups (a department's
 * Monday is in the department breakdown of that Monday and in the department's week) is hidden
 * when any of them needs it.
 *
 *  4. exact (opt-in, `{ exact: true }`, for small two-way tables such as profile completeness per
 *     part and band): rule 3 looks at one group at a time, but whoever sees a two-way table with
 *     its margins can combine a row with a column (and a parent's people in no child, per band,
 *     with the same people in all bands: see `remainder`). So every group is also read as an
 *     equation (total = parts + remainder) and solved together with the others (linear algebra
 *     over everything published); when a hidden cell or a remainder of fewer than k people can be
 *     computed exactly, the smallest visible part of a group it is in (else of the nearest group
 *     linked to it through hidden cells) is hidden as well, rules 2 and 3 run again, and again
 *     until nothing small can be computed. The result depends only on the cells and groups given, never on
 * which of them a caller asked for: callers pass the same canonical neighbourhood for a cell
 * whatever the query (see the query service), so two overlapping queries agree on every cell.
 */
export interface SuppressionCell {
  readonly id: string;
  /** Distinct people behind the figure (the figure itself for a count of people). */
  readonly people: number;
}

export interface SuppressionGroup {
  readonly total: string;
  readonly parts: readonly string[];
  /**
   * The parts' people may overlap (one person reacts to questions and to ideas): hidden parts then
   * cover at least their largest, not their sum, so rule 3 counts the largest of them and the remainder.
   */
  readonly overlapping?: boolean;
  /**
   * The id of a cell standing for the people in the total but in no part (never published; its
   * `people` given with the cells). Without it the remainder is the total minus the parts. Naming
   * it lets another group link remainders: the people directly in a department in each band make
   * up the people directly in it, a group of their own, which rule 4 solves with the rest.
   */
  readonly remainder?: string;
}

export interface SuppressionOptions {
  /** Rule 4: no hidden cell or remainder of fewer than k people may be computable exactly from all groups together. */
  readonly exact?: boolean;
}

/** The smallest k the service accepts (config validation refuses lower values). */
export const MIN_K = 5;

export function assertK(k: number): void {
  if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`k must be an integer of at least ${MIN_K}, not ${k}`);
}

/** The ids of the cells that must not be published. Pure; cells of a group missing from `cells` count as 0 people. */
export function suppress(cells: readonly SuppressionCell[], groups: readonly SuppressionGroup[], k: number, options: SuppressionOptions = {}): Set<string> {
  assertK(k);
  const people = new Map<string, number>();
  for (const c of cells) people.set(c.id, Math.max(0, c.people));
  const of = (id: string): number => people.get(id) ?? 0;
  const remainders = new Set(groups.flatMap((g) => (g.remainder === undefined ? [] : [g.remainder])));
  const hidden = new Set<string>(remainders);
  for (const id of new Set([...people.keys(), ...groups.flatMap((g) => [g.total, ...g.parts])])) if (of(id) < k) hidden.add(id);

  const remainderOf = (group: SuppressionGroup): number => (group.remainder !== undefined ? of(group.remainder) : Math.max(0, of(group.total) - group.parts.reduce((sum, id) => sum + of(id), 0)));
  const stable = (group: SuppressionGroup): boolean => {
    const remainder = remainderOf(group);
    const hiddenParts = group.parts.filter((id) => hidden.has(id));
    if (hiddenParts.length === group.parts.length) return true;
    if (hiddenParts.length === 0) return remainder === 0 || remainder >= k;
    const things = hiddenParts.length + (remainder > 0 ? 1 : 0);
    const covered = group.overlapping ? Math.max(remainder, ...hiddenParts.map(of)) : hiddenParts.reduce((sum, id) => sum + of(id), remainder);
    return things >= 2 && covered >= k;
  };

  // A fixed order, so the same cells and groups give the same answer however a caller listed them.
  const ordered = [...groups].sort((a, b) => compare(a.total, b.total) || compare(a.parts.join('\u0000'), b.parts.join('\u0000')));
  const smallest = (ids: readonly string[]): string | undefined => ids.filter((id) => !hidden.has(id)).sort((a, b) => of(a) - of(b) || compare(a, b))[0];
  const fixpoint = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const group of ordered) {
        if (hidden.has(group.total)) {
          for (const id of group.parts) {
            if (!hidden.has(id)) {
              hidden.add(id);
              changed = true;
            }
          }
          continue;
        }
        while (!stable(group)) {
          hidden.add(smallest(group.parts)!);
          changed = true;
        }
      }
    }
  };
  fixpoint();
  if (!options.exact) return hidden;

  // Rule 4: hide one more cell next to each small unknown that can be computed exactly, until none can.
  const implicit = (i: number) => `\u0000remainder:${i}`;
  for (let unknown = disclosed(ordered, hidden, of, remainderOf, k, implicit, remainders); unknown !== null; unknown = disclosed(ordered, hidden, of, remainderOf, k, implicit, remainders)) {
    const involves = (g: SuppressionGroup, i: number, ids: ReadonlySet<string>) => ids.has(g.total) || ids.has(implicit(i)) || (g.remainder !== undefined && ids.has(g.remainder)) || g.parts.some((id) => ids.has(id));
    let reached = new Set([unknown]);
    let next: string | undefined;
    const seen = new Set<number>();
    while (next === undefined) {
      const layer = ordered.map((g, i) => ({ g, i })).filter(({ g, i }) => !seen.has(i) && involves(g, i, reached));
      if (layer.length === 0) break;
      for (const { i } of layer) seen.add(i);
      next = smallest(layer.flatMap(({ g }) => g.parts));
      reached = new Set(layer.flatMap(({ g, i }) => [g.total, implicit(i), ...(g.remainder === undefined ? [] : [g.remainder]), ...g.parts].filter((id) => hidden.has(id) || id === implicit(i))));
    }
    // Nothing visible to hide among the parts linked to it: hide the totals of its groups (always progress).
    next ??= smallest(ordered.filter((g, i) => involves(g, i, new Set([unknown]))).map((g) => g.total));
    if (next === undefined) break;
    hidden.add(next);
    fixpoint();
  }
  return hidden;
}

/**
 * The first (by id) unknown of fewer than k people that the published cells determine exactly, or
 * null. Each group (not overlapping ones: their parts do not add up) is the equation
 * total - parts - remainder = 0; the unknowns are the hidden cells and the remainders (a computed
 * remainder of 0 counts as known, as an attacker who knows the parts add up would take it).
 * An unknown is determined when its unit vector lies in the row space of the equations restricted
 * to the unknowns: a row of the reduced row echelon form with its pivot there and nothing else.
 */
function disclosed(
  groups: readonly SuppressionGroup[],
  hidden: ReadonlySet<string>,
  of: (id: string) => number,
  remainderOf: (g: SuppressionGroup) => number,
  k: number,
  implicit: (i: number) => string,
  remainders: ReadonlySet<string>,
): string | null {
  const equations: Map<string, number>[] = [];
  const peopleOf = new Map<string, number>();
  groups.forEach((g, i) => {
    if (g.overlapping) return;
    const row = new Map<string, number>();
    const add = (id: string, c: number, people: number) => {
      if (!hidden.has(id) && id !== implicit(i)) return;
      row.set(id, (row.get(id) ?? 0) + c);
      peopleOf.set(id, people);
    };
    add(g.total, 1, of(g.total));
    for (const id of g.parts) add(id, -1, of(id));
    if (g.remainder !== undefined) add(g.remainder, -1, of(g.remainder));
    else if (remainderOf(g) > 0) add(implicit(i), -1, remainderOf(g));
    if (row.size > 0) equations.push(row);
  });
  // Equations sharing no unknown are solved apart (a component per connected set of unknowns): far smaller systems.
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(id, r);
    return r;
  };
  for (const id of peopleOf.keys()) parent.set(id, id);
  for (const eq of equations) {
    const [first, ...others] = [...eq.keys()];
    for (const id of others) parent.set(root(id), root(first!));
  }
  const components = new Map<string, Map<string, number>[]>();
  for (const eq of equations) {
    const r = root(eq.keys().next().value!);
    components.set(r, [...(components.get(r) ?? []), eq]);
  }
  const found: string[] = [];
  for (const component of components.values()) found.push(...solved(component));
  return (
    found
      // A remainder of nobody is no one's figure (rule 3 lets it be computed too); a hidden cell of nobody is protected like any small cell.
      .filter((id) => peopleOf.get(id)! < k && (peopleOf.get(id)! > 0 || !(remainders.has(id) || id.startsWith('\u0000'))))
      .sort(compare)[0] ?? null
  );
}

/** The unknowns a system of equations (id -> coefficient) determines exactly: reduced row echelon form, a pivot row with nothing else. */
function solved(equations: readonly Map<string, number>[]): string[] {
  const ids = [...new Set(equations.flatMap((eq) => [...eq.keys()]))].sort(compare);
  const column = new Map(ids.map((id, j) => [id, j]));
  const m = ids.length;
  const rows = equations.map((eq) => {
    const r = new Float64Array(m);
    for (const [id, c] of eq) r[column.get(id)!] = c;
    return r;
  });
  const EPS = 1e-9;
  const pivots: { row: Float64Array; col: number }[] = [];
  let rest = rows;
  for (let col = 0; col < m && rest.length > 0; col++) {
    const at = rest.findIndex((r) => Math.abs(r[col]!) > EPS);
    if (at < 0) continue;
    const pivot = rest[at]!;
    const scale = pivot[col]!;
    for (let j = 0; j < m; j++) pivot[j] = pivot[j]! / scale;
    const eliminate = (r: Float64Array) => {
      const f = r[col]!;
      if (Math.abs(f) <= EPS) return;
      for (let j = 0; j < m; j++) r[j] = r[j]! - f * pivot[j]!;
      r[col] = 0;
    };
    rest = rest.filter((_, i) => i !== at);
    for (const r of rest) eliminate(r);
    for (const p of pivots) eliminate(p.row);
    pivots.push({ row: pivot, col });
  }
  return pivots.filter(({ row, col }) => row.every((x, j) => j === col || Math.abs(x) <= EPS)).map(({ col }) => ids[col]!);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A published number, or `null` when it is suppressed. */
export type Shown = number | null;

/** A rate in percent (one decimal) only when numerator and denominator are both published. */
export function shareOf(numerator: Shown, denominator: Shown): Shown {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}
