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

/**
 * A two-way table: rows (org units) x bands, each row's total, each band's total over the rows
 * plus the people in no row (`direct`, named remainders), and the direct people in all bands.
 */
function twoWay(rows: readonly (readonly number[])[], direct: readonly number[]) {
  const cells: SuppressionCell[] = [];
  const groups: SuppressionGroup[] = [];
  rows.forEach((r, i) => {
    r.forEach((people, b) => cells.push({ id: `r${i}b${b}`, people }));
    cells.push({ id: `r${i}`, people: r.reduce((a, x) => a + x, 0) });
    groups.push({ total: `r${i}`, parts: r.map((_, b) => `r${i}b${b}`) });
  });
  direct.forEach((people, b) => {
    cells.push({ id: `t-b${b}`, people: rows.reduce((a, r) => a + r[b]!, people) }, { id: `d-b${b}`, people });
    groups.push({ total: `t-b${b}`, parts: rows.map((_, i) => `r${i}b${b}`), remainder: `d-b${b}` });
  });
  const d = direct.reduce((a, x) => a + x, 0);
  cells.push({ id: 't', people: rows.flat().reduce((a, x) => a + x, d) }, { id: 'd', people: d });
  groups.push({ total: 't', parts: rows.map((_, i) => `r${i}`), remainder: 'd' }, { total: 't', parts: direct.map((_, b) => `t-b${b}`) }, { total: 'd', parts: direct.map((_, b) => `d-b${b}`) });
  return { cells, groups };
}

/** The rank of a matrix (rows of numbers), by elimination. */
function rank(matrix: readonly number[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  for (let c = 0; c < (m[0]?.length ?? 0) && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      for (let j = c; j < m[i]!.length; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

/**
 * The ids of unknowns (hidden cells, named remainders, other remainders above 0) an attacker can
 * compute exactly from every group at once: e_u is in the row space of the equations over the
 * unknowns exactly when adding it as a row leaves the rank unchanged.
 */
function computable(cells: readonly SuppressionCell[], groups: readonly SuppressionGroup[], hidden: Set<string>): string[] {
  const of = (id: string) => cells.find((c) => c.id === id)?.people ?? 0;
  const unknowns: string[] = [...hidden];
  const rows = groups.map((g, i) => {
    const row = new Map<string, number>();
    const put = (id: string, c: number) => hidden.has(id) && row.set(id, (row.get(id) ?? 0) + c);
    put(g.total, 1);
    g.parts.forEach((id) => put(id, -1));
    if (g.remainder) put(g.remainder, -1);
    else if (of(g.total) - g.parts.reduce((a, id) => a + of(id), 0) > 0) {
      unknowns.push(`rest${i}`);
      row.set(`rest${i}`, -1);
    }
    return row;
  });
  const matrix = rows.map((row) => unknowns.map((u) => row.get(u) ?? 0));
  const base = rank(matrix);
  return unknowns.filter((u) => rank([...matrix, unknowns.map((v) => (v === u ? 1 : 0))]) === base);
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

  it('exact: three groups that each hide two cells can still be solved together; rule 4 hides one more', () => {
    // x + y, x + z and y + z are published: each group alone hides two cells of k or more people,
    // but together they give x = (7 + 8 - 9) / 2 = 3.
    const cells = [
      { id: 'x', people: 3 },
      { id: 'y', people: 4 },
      { id: 'z', people: 5 },
      { id: 'a', people: 7 },
      { id: 'b', people: 8 },
      { id: 'c', people: 9 },
      { id: 'u', people: 20 },
      { id: 'v', people: 20 },
      { id: 'w', people: 20 },
    ];
    const groups = [
      { total: 'a', parts: ['x', 'y'] },
      { total: 'b', parts: ['x', 'z'] },
      { total: 'c', parts: ['y', 'z'] },
      { total: 'all', parts: ['a', 'b', 'c', 'u', 'v', 'w'] },
    ];
    const all = [...cells, { id: 'all', people: 99 }];
    const plain = suppress(all, groups, K);
    expect([...plain].sort()).toEqual(['x', 'y', 'z']);
    expect(computable(all, groups, plain)).toEqual(expect.arrayContaining(['x', 'y', 'z']));
    const exact = suppress(all, groups, K, { exact: true });
    expect(computable(all, groups, exact).filter((id) => (all.find((c) => c.id === id)?.people ?? 0) < K)).toEqual([]);
    // The smallest visible part of a group the solved cell is in: a (7); 'all' keeps 15 people in no part, so rule 3 hides nothing more.
    expect([...exact].sort()).toEqual(['a', 'x', 'y', 'z']);
  });

  it('a named remainder is never published and counts like a remainder in rule 3', () => {
    // 35 in a department: 12 and 20 in its two teams, 3 directly in it (named d).
    const cells = [
      { id: 'eng', people: 12 },
      { id: 'support', people: 20 },
      { id: 'all', people: 35 },
      { id: 'd', people: 3 },
    ];
    expect([...suppress(cells, [{ total: 'all', parts: ['eng', 'support'], remainder: 'd' }], K)].sort()).toEqual(['d', 'eng']);
    expect([...suppress([...cells.slice(0, 2), { id: 'all', people: 38 }, { id: 'd', people: 6 }], [{ total: 'all', parts: ['eng', 'support'], remainder: 'd' }], K)]).toEqual(['d']);
  });

  it('two-way table: a row total minus its visible bands, a band total minus its visible rows and the parent minus its rows reveal nothing', () => {
    // Engineering: 3 people in band 0, 10 in band 1, 12 in band 2; Sales 20/10/8; 6 people directly in the parent, all in band 0.
    const { cells, groups } = twoWay(
      [
        [3, 10, 12],
        [20, 10, 8],
      ],
      [6, 0, 0],
    );
    const hidden = suppress(cells, groups, K, { exact: true });
    expect([...hidden].filter((id) => !id.startsWith('d')).sort()).toEqual(['r0b0', 'r0b1', 'r0b2', 'r1b1', 'r1b2']);
    const of = (id: string) => cells.find((c) => c.id === id)!.people;
    const shown = (id: string) => (hidden.has(id) ? 0 : of(id));
    // Engineering's 25 minus its visible bands: all three hidden, 25 people.
    expect(of('r0') - shown('r0b0') - shown('r0b1') - shown('r0b2')).toBe(25);
    // Band 0's 29 minus the visible Sales 20: Engineering's 3 and the 6 direct people together, 9.
    expect(of('t-b0') - shown('r0b0') - shown('r1b0')).toBe(9);
    // The parent minus its rows: the 6 direct people (k or more), in no band the table tells.
    expect(of('t') - of('r0') - of('r1')).toBe(6);
    // And no combination of rows, bands and the parent computes a hidden cell of fewer than k.
    expect(computable(cells, groups, hidden).filter((id) => hidden.has(id) && of(id) < K && !(of(id) === 0 && id.startsWith('d')))).toEqual([]);
  });

  it('property: two-way tables with named remainders keep every group safe and no small cell computable (rule 4)', () => {
    const table = fc.record({
      rows: fc.array(fc.array(fc.nat({ max: 12 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
      direct: fc.array(fc.nat({ max: 6 }), { minLength: 4, maxLength: 4 }),
    });
    fc.assert(
      fc.property(table, ({ rows, direct }) => {
        const { cells, groups } = twoWay(rows, direct);
        const hidden = suppress(cells, groups, K, { exact: true });
        const of = (id: string) => cells.find((c) => c.id === id)?.people ?? 0;
        const published = cells.filter((c) => !hidden.has(c.id));
        const small = computable(cells, groups, hidden).filter((id) => hidden.has(id) && of(id) < K && !(of(id) === 0 && (id === 'd' || id.startsWith('d-'))));
        return published.every((c) => c.people >= K && c.id !== 'd' && !c.id.startsWith('d-')) && small.length === 0;
      }),
      { numRuns: 200 },
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
