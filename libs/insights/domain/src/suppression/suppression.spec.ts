import fc from 'fast-check';
import { assertK, MIN_K, shareOf, suppress, type SuppressionCell, type SuppressionGroup } from './suppression';

const K = 5;

/** A breakdown: a total and its parts, with a remainder of people in no part (0..remainderMax). */
const breakdown = (partsMax = 8, remainderMax = 6) =>
  fc.record({ parts: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: partsMax }), remainder: fc.nat({ max: remainderMax }) }).map(({ parts, remainder }) => {
    const cells: SuppressionCell[] = parts.map((people, i) => ({ id: `p${i}`, people }));
    const total = parts.reduce((a, b) => a + b, remainder);
    return { cells: [...cells, { id: 'total', people: total }], group: { total: 'total', parts: cells.map((c) => c.id) } as SuppressionGroup };
  });

/** What subtracting the visible parts from a visible total tells: the people in what is hidden. */
function differencing(cells: readonly SuppressionCell[], group: SuppressionGroup, hidden: Set<string>) {
  const of = (id: string) => cells.find((c) => c.id === id)?.people ?? 0;
  const hiddenParts = group.parts.filter((id) => hidden.has(id));
  const remainder = Math.max(0, of(group.total) - group.parts.reduce((s, id) => s + of(id), 0));
  return { hiddenParts, remainder, revealed: hiddenParts.reduce((s, id) => s + of(id), remainder) };
}

/** The invariant every group must keep (the engine's rule 3, checked from the outside). */
function safe(cells: readonly SuppressionCell[], group: SuppressionGroup, hidden: Set<string>): boolean {
  if (hidden.has(group.total)) return group.parts.every((id) => hidden.has(id));
  const { hiddenParts, remainder, revealed } = differencing(cells, group, hidden);
  if (hiddenParts.length === group.parts.length) return true;
  if (hiddenParts.length === 0) return remainder === 0 || remainder >= K;
  return hiddenParts.length + (remainder > 0 ? 1 : 0) >= 2 && revealed >= K;
}

describe('suppression engine', () => {
  it('hides every cell below k and shows every cell of k or more when nothing else forces it', () => {
    const hidden = suppress(
      [
        { id: 'a', people: 4 },
        { id: 'b', people: 5 },
        { id: 'c', people: 0 },
      ],
      [],
      K,
    );
    expect([...hidden].sort()).toEqual(['a', 'c']);
  });

  it('refuses k below 5', () => {
    expect(() => assertK(4)).toThrow(RangeError);
    expect(() => suppress([], [], 3)).toThrow(RangeError);
    expect(() => assertK(MIN_K)).not.toThrow();
  });

  it('total minus the visible parts: one small part hides the smallest other part too', () => {
    // Engineering 12, Sales 3, Support 20, total 35: without the complement, 35 - 12 - 20 = 3 reveals Sales.
    const cells = [
      { id: 'eng', people: 12 },
      { id: 'sales', people: 3 },
      { id: 'support', people: 20 },
      { id: 'all', people: 35 },
    ];
    const hidden = suppress(cells, [{ total: 'all', parts: ['eng', 'sales', 'support'] }], K);
    expect([...hidden].sort()).toEqual(['eng', 'sales']);
    expect(differencing(cells, { total: 'all', parts: ['eng', 'sales', 'support'] }, hidden).revealed).toBe(15);
  });

  it('overlapping parts (the same people in several): hidden parts count their largest, not their sum', () => {
    // Questions 10, updates 10, articles 3 and personal posts 3 (the same 3 people), total 10 people.
    const cells = [
      { id: 'question', people: 10 },
      { id: 'update', people: 10 },
      { id: 'article', people: 3 },
      { id: 'personal', people: 3 },
      { id: 'all', people: 10 },
    ];
    const parts = ['question', 'update', 'article', 'personal'];
    expect([...suppress(cells, [{ total: 'all', parts }], K)].sort()).toEqual(['article', 'personal']);
    expect([...suppress(cells, [{ total: 'all', parts, overlapping: true }], K)].sort()).toEqual(['article', 'personal', 'question']);
  });

  it('a small remainder (people in no part) is protected like a small part', () => {
    const cells = [
      { id: 'a', people: 10 },
      { id: 'b', people: 30 },
      { id: 'all', people: 42 },
    ];
    expect([...suppress(cells, [{ total: 'all', parts: ['a', 'b'] }], K)]).toEqual(['a']);
  });

  it('property: every visible cell has at least k people', () => {
    fc.assert(
      fc.property(breakdown(), ({ cells, group }) => {
        const hidden = suppress(cells, [group], K);
        return cells.every((c) => hidden.has(c.id) || c.people >= K);
      }),
    );
  });

  it('property: total minus the visible parts never reveals fewer than k people (or reveals nothing)', () => {
    fc.assert(fc.property(breakdown(), ({ cells, group }) => safe(cells, group, suppress(cells, [group], K))));
  });

  it('property: parent minus children over a department tree, one level at a time, never reveals fewer than k people', () => {
    // A two-level tree: root -> departments -> teams; each department's teams plus people directly in it.
    const tree = fc.array(fc.record({ teams: fc.array(fc.nat({ max: 25 }), { minLength: 1, maxLength: 5 }), direct: fc.nat({ max: 6 }) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(tree, fc.nat({ max: 6 }), (departments, rootDirect) => {
        const cells: SuppressionCell[] = [];
        const groups: SuppressionGroup[] = [];
        departments.forEach((d, i) => {
          d.teams.forEach((people, j) => cells.push({ id: `d${i}/t${j}`, people }));
          cells.push({ id: `d${i}`, people: d.teams.reduce((a, b) => a + b, d.direct) });
          groups.push({ total: `d${i}`, parts: d.teams.map((_, j) => `d${i}/t${j}`) });
        });
        cells.push({ id: 'root', people: cells.filter((c) => !c.id.includes('/')).reduce((a, c) => a + c.people, rootDirect) });
        groups.push({ total: 'root', parts: departments.map((_, i) => `d${i}`) });
        const hidden = suppress(cells, groups, K);
        return groups.every((g) => safe(cells, g, hidden)) && cells.every((c) => hidden.has(c.id) || c.people >= K);
      }),
    );
  });

  it('property: days inside a week and departments inside a day together (a cell in two groups) stay safe', () => {
    // 3 departments x 7 days; each day has a total over departments, each department a week over its days.
    const grid = fc.array(fc.array(fc.nat({ max: 15 }), { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(grid, (rows) => {
        const cells: SuppressionCell[] = [];
        const groups: SuppressionGroup[] = [];
        rows.forEach((days, r) => {
          days.forEach((people, d) => cells.push({ id: `r${r}d${d}`, people }));
          cells.push({ id: `r${r}week`, people: days.reduce((a, b) => a + b, 0) });
          groups.push({ total: `r${r}week`, parts: days.map((_, d) => `r${r}d${d}`) });
        });
        for (let d = 0; d < 7; d++) {
          cells.push({ id: `all-d${d}`, people: rows.reduce((a, days) => a + days[d]!, 0) });
          groups.push({ total: `all-d${d}`, parts: rows.map((_, r) => `r${r}d${d}`) });
        }
        const hidden = suppress(cells, groups, K);
        return groups.every((g) => safe(cells, g, hidden));
      }),
    );
  });

  it('property: the answer does not depend on the order of cells or groups (two queries agree)', () => {
    fc.assert(
      fc.property(breakdown(6, 3), breakdown(6, 3), fc.boolean(), ({ cells: a, group: ga }, { cells: b, group: gb }, flip) => {
        const rename = (cells: SuppressionCell[], group: SuppressionGroup, p: string) => ({
          cells: cells.map((c) => ({ ...c, id: `${p}${c.id}` })),
          group: { total: `${p}${group.total}`, parts: group.parts.map((id) => `${p}${id}`) },
        });
        const x = rename(a, ga, 'x');
        const y = rename(b, gb, 'y');
        const one = suppress([...x.cells, ...y.cells], [x.group, y.group], K);
        const two = suppress(flip ? [...y.cells, ...x.cells].reverse() : [...y.cells, ...x.cells], [y.group, x.group], K);
        return [...one].sort().join() === [...two].sort().join();
      }),
    );
  });

  it('a hidden department hides all of its teams, even large ones', () => {
    const hidden = suppress(
      [
        { id: 'd', people: 4 },
        { id: 'd/a', people: 50 },
      ],
      [{ total: 'd', parts: ['d/a'] }],
      K,
    );
    expect(hidden.has('d/a')).toBe(true);
  });

  it('shares only from a published numerator and denominator', () => {
    expect(shareOf(12, 48)).toBe(25);
    expect(shareOf(null, 48)).toBeNull();
    expect(shareOf(12, null)).toBeNull();
    expect(shareOf(0, 0)).toBeNull();
  });
});
