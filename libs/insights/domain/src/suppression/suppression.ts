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
 * when any of them needs it. The result depends only on the cells and groups given, never on
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
}

/** The smallest k the service accepts (config validation refuses lower values). */
export const MIN_K = 5;

export function assertK(k: number): void {
  if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`k must be an integer of at least ${MIN_K}, not ${k}`);
}

/** The ids of the cells that must not be published. Pure; cells of a group missing from `cells` count as 0 people. */
export function suppress(cells: readonly SuppressionCell[], groups: readonly SuppressionGroup[], k: number): Set<string> {
  assertK(k);
  const people = new Map<string, number>();
  for (const c of cells) people.set(c.id, Math.max(0, c.people));
  const of = (id: string): number => people.get(id) ?? 0;
  const hidden = new Set<string>();
  for (const id of new Set([...people.keys(), ...groups.flatMap((g) => [g.total, ...g.parts])])) if (of(id) < k) hidden.add(id);

  const stable = (group: SuppressionGroup): boolean => {
    const remainder = Math.max(0, of(group.total) - group.parts.reduce((sum, id) => sum + of(id), 0));
    const hiddenParts = group.parts.filter((id) => hidden.has(id));
    if (hiddenParts.length === group.parts.length) return true;
    if (hiddenParts.length === 0) return remainder === 0 || remainder >= k;
    const things = hiddenParts.length + (remainder > 0 ? 1 : 0);
    const covered = group.overlapping ? Math.max(remainder, ...hiddenParts.map(of)) : hiddenParts.reduce((sum, id) => sum + of(id), remainder);
    return things >= 2 && covered >= k;
  };

  // A fixed order, so the same cells and groups give the same answer however a caller listed them.
  const ordered = [...groups].sort((a, b) => compare(a.total, b.total) || compare(a.parts.join('\u0000'), b.parts.join('\u0000')));
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
        const next = group.parts
          .filter((id) => !hidden.has(id))
          .sort((a, b) => of(a) - of(b) || compare(a, b))[0]!;
        hidden.add(next);
        changed = true;
      }
    }
  }
  return hidden;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A published number, or `null` when it is suppressed. */
export type Shown = number | null;

/** A rate in percent (one decimal) only when numerator and denominator are both published. */
export function shareOf(numerator: Shown, denominator: Shown): Shown {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}
