import { ValidationError } from '@plein/shared/kernel';
import { buildDepartmentTree, chainBelow, decodeSortCursor, departmentKey, departmentKeys, departmentSegments, encodeSortCursor, MANAGER_CHAIN_MAX, normaliseKey, OrgService, type OrgReadModel } from './org';

describe('org normalisation', () => {
  it('folds case, accents and spaces into one key', () => {
    expect(normaliseKey('  Ångström   Lab ')).toBe('angstrom lab');
    expect(normaliseKey('Émile')).toBe(normaliseKey('emile'));
  });

  it('reads a department as a path, spaces around the separator ignored', () => {
    expect(departmentSegments(' Engineering /  Platform//Search ')).toEqual(['Engineering', 'Platform', 'Search']);
    expect(departmentKey('ENGINEERING / platform')).toBe('engineering/platform');
    expect(departmentKeys('Engineering/Platform/Search')).toEqual(['engineering', 'engineering/platform', 'engineering/platform/search']);
    expect([departmentKey(null), departmentKey(' / '), departmentKeys(undefined)]).toEqual([null, null, []]);
  });

  it('folds segments beyond the tenth into the last one', () => {
    const deep = Array.from({ length: 14 }, (_, i) => `d${i}`).join('/');
    const segments = departmentSegments(deep);
    expect(segments).toHaveLength(10);
    expect(segments[9]).toBe('d9 / d10 / d11 / d12 / d13');
  });
});

describe('chainBelow', () => {
  it('puts the manager first, then their chain', () => {
    expect(chainBelow('p', 'm', ['a', 'b'])).toEqual(['m', 'a', 'b']);
    expect(chainBelow('p', null, ['a'])).toEqual([]);
  });

  it('stops at the person (a cycle), at a repeat and at the cap', () => {
    expect(chainBelow('p', 'm', ['a', 'p', 'b'])).toEqual(['m', 'a']);
    expect(chainBelow('p', 'p', ['a'])).toEqual([]);
    expect(chainBelow('p', 'm', ['a', 'm', 'b'])).toEqual(['m', 'a']);
    const long = Array.from({ length: 80 }, (_, i) => `a${i}`);
    expect(chainBelow('p', 'm', long)).toHaveLength(MANAGER_CHAIN_MAX);
  });
});

describe('sort cursors', () => {
  it('round-trips and refuses anything else naming query.cursor', () => {
    const cursor = { sortKey: 'ada lovelace', id: '01964b1e-0000-7000-8000-000000000101' };
    expect(decodeSortCursor(encodeSortCursor(cursor))).toEqual(cursor);
    expect(decodeSortCursor(undefined)).toBeNull();
    for (const bad of ['%%%', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["a",""]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      const error = (() => {
        try {
          decodeSortCursor(bad);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations).toEqual([{ field: 'query.cursor', message: expect.any(String) }]);
    }
  });
});

describe('department tree', () => {
  const counts = [
    { department: 'Engineering', count: 2 },
    { department: 'Engineering/Platform', count: 5 },
    { department: 'engineering / platform', count: 1 },
    { department: 'Engineering/Platform/Search', count: 3 },
    { department: 'Sales', count: 4 },
  ];

  it('rolls head counts up to every ancestor, variants of one path counted together', () => {
    const tree = buildDepartmentTree(counts);
    expect(tree.get('')).toEqual([
      { path: 'engineering', name: 'Engineering', headCount: 11, directHeadCount: 2, subDepartmentCount: 1 },
      { path: 'sales', name: 'Sales', headCount: 4, directHeadCount: 4, subDepartmentCount: 0 },
    ]);
    expect(tree.get('engineering')).toEqual([{ path: 'engineering/platform', name: 'Platform', headCount: 9, directHeadCount: 6, subDepartmentCount: 1 }]);
    expect(tree.get('engineering/platform/search')).toBeUndefined();
  });

  it('pages the children and answers 404 for an unknown parent; one grouped read serves until the TTL', async () => {
    let reads = 0;
    let now = 0;
    const readModel = { departmentCounts: async () => (reads++, counts) } as unknown as OrgReadModel;
    const service = new OrgService(readModel, { departmentsTtlMs: 1_000, now: () => now });
    const first = await service.departments(undefined, undefined, 1);
    expect(first.items.map((d) => d.path)).toEqual(['engineering']);
    const second = await service.departments(undefined, first.nextCursor!, 1);
    expect([second.items.map((d) => d.path), second.nextCursor]).toEqual([['sales'], null]);
    expect((await service.departments('Engineering/Platform/Search', undefined, 10)).items).toEqual([]);
    await expect(service.departments('Nowhere', undefined, 10)).rejects.toMatchObject({ code: 'PROFILES.DEPARTMENT_NOT_FOUND' });
    expect(reads).toBe(1);
    now = 1_001;
    await service.departments(undefined, undefined, 10);
    expect(reads).toBe(2);
  });
});
