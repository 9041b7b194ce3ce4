import { NotFoundError, ValidationError } from '@plein/shared/kernel';

/**
 * The org chart, the directory and the department tree (docs/profiles/org.md). Read-only views of
 * identity's directory data as the profiles service projects it (`org-nodes`): who reports to whom,
 * where people sit, A–Z. Every list is cursor-paged (1..100); deactivated and deleted people are
 * in none of them, and asking for them answers 404 as for someone unknown.
 */

/** Longest manager chain kept and shown (a cycle or a runaway hierarchy stops here). */
export const MANAGER_CHAIN_MAX = 50;
/** Department path separator: `Engineering/Platform/Search` is Search inside Platform inside Engineering. */
export const DEPARTMENT_SEPARATOR = '/';
/** Deepest department path kept (deeper segments are folded into the last one). */
export const DEPARTMENT_DEPTH_MAX = 10;

/** A person as the org views show them (directory attributes only, no profile edits). */
export interface OrgPerson {
  readonly userId: string;
  readonly displayName: string;
  readonly title: string | null;
  readonly department: string | null;
  readonly location: string | null;
  readonly managementLevel: string;
}

/** An entry of a manager chain: a deactivated manager stays in the chain without personal data. */
export type ChainEntry = OrgPerson | { readonly userId: string; readonly active: false };

export interface OrgPage<T> {
  readonly items: readonly T[];
  /** Opaque; pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface OrgChart {
  readonly person: OrgPerson;
  /** Manager first, up to the top of the organisation (at most MANAGER_CHAIN_MAX). */
  readonly managers: readonly ChainEntry[];
  /** True when the chain was cut at MANAGER_CHAIN_MAX or at a cycle. */
  readonly managersTruncated: boolean;
  readonly directReports: OrgPage<OrgPerson>;
  readonly peers: OrgPage<OrgPerson>;
  readonly directReportCount: number;
}

export interface DepartmentNode {
  /** Normalised path, the key to pass as `parent` or as the directory's `department`. */
  readonly path: string;
  /** The department's own name (last segment, as identity spells it). */
  readonly name: string;
  /** Active people in the department and all departments below it. */
  readonly headCount: number;
  /** Active people directly in it. */
  readonly directHeadCount: number;
  readonly subDepartmentCount: number;
}

/** A position in an A–Z list: the sort key and the id of the last item of the previous page. */
export interface SortCursor {
  readonly sortKey: string;
  readonly id: string;
}

export interface DepartmentCount {
  /** The department as identity spells it (segments joined by DEPARTMENT_SEPARATOR). */
  readonly department: string;
  readonly count: number;
}

export interface DirectoryFilter {
  /** Normalised department path: people in it and in every department below it. */
  readonly department?: string;
  /** Normalised location key. */
  readonly location?: string;
}

/** What the org views read; one implementation over the `org-nodes` read model. */
export interface OrgReadModel {
  /** The active person, or null (unknown, deactivated or deleted). */
  person(userId: string): Promise<(OrgPerson & { managerId: string | null; managerChain: readonly string[] }) | null>;
  /** The chain's people in ONE query, in any order; absent ids are unknown or deleted. */
  people(userIds: readonly string[]): Promise<readonly (OrgPerson & { active: boolean; managerId: string | null })[]>;
  /** Active people reporting to `managerId`, A–Z, after the cursor; at most `limit`. */
  reports(managerId: string, after: SortCursor | null, limit: number): Promise<readonly (OrgPerson & { sortKey: string })[]>;
  countReports(managerId: string): Promise<number>;
  directory(filter: DirectoryFilter, after: SortCursor | null, limit: number): Promise<readonly (OrgPerson & { sortKey: string })[]>;
  /** Active head count per department as identity spells it (bounded by the read model). */
  departmentCounts(): Promise<readonly DepartmentCount[]>;
}

// ---- normalisation (shared by the projection and the queries, so both use one rule) ----

const COMBINING_MARKS = /\p{M}+/gu;
const CONTROL = /\p{Cc}+/gu;
const WHITESPACE = /\s+/g;
/** Below every character a normalised key holds: `ann` + it sorts before `anna` + it. */
const SORT_TIE = '\u0001';

/** Case-, accent- and space-insensitive key: `Ångström  Lab` → `angstrom lab`. */
export function normaliseKey(value: string): string {
  return value.normalize('NFKD').replace(COMBINING_MARKS, '').replace(WHITESPACE, ' ').replace(CONTROL, '').toLowerCase().trim();
}

/**
 * A–Z sort key of a person, unique: their normalised display name, then their user id. One
 * unique field is what the server sorts and pages on (`sortKey > cursor`), with no tie-break
 * clause (FerretDB pushes a sort on one top-level field down, not `$or` or a second field).
 */
export const sortKeyOf = (displayName: string, userId: string): string => `${normaliseKey(displayName)}${SORT_TIE}${userId}`;

/** Where a department and everything below it sit: `engineering/platform/` (a prefix of the paths below). */
export const departmentPrefix = (key: string): string => `${key}${DEPARTMENT_SEPARATOR}`;

/** The segments of a department as identity spells them: `Engineering / Platform` → ['Engineering', 'Platform']. */
export function departmentSegments(department: string): string[] {
  const segments = department
    .split(DEPARTMENT_SEPARATOR)
    .map((s) => s.replace(WHITESPACE, ' ').trim())
    .filter((s) => s.length > 0);
  if (segments.length <= DEPARTMENT_DEPTH_MAX) return segments;
  return [...segments.slice(0, DEPARTMENT_DEPTH_MAX - 1), segments.slice(DEPARTMENT_DEPTH_MAX - 1).join(` ${DEPARTMENT_SEPARATOR} `)];
}

/** Normalised path of a department (`engineering/platform`), or null for none. */
export function departmentKey(department: string | null | undefined): string | null {
  if (!department) return null;
  const segments = departmentSegments(department).map(normaliseKey).filter((s) => s.length > 0);
  return segments.length ? segments.join(DEPARTMENT_SEPARATOR) : null;
}

/** Every ancestor path of a department and itself: `a/b/c` → ['a', 'a/b', 'a/b/c']. */
export function departmentKeys(department: string | null | undefined): string[] {
  const key = departmentKey(department);
  if (!key) return [];
  const parts = key.split(DEPARTMENT_SEPARATOR);
  return parts.map((_, i) => parts.slice(0, i + 1).join(DEPARTMENT_SEPARATOR));
}

/**
 * A manager chain from a manager and the manager's own chain: manager first, cut at the person
 * itself (a cycle in the data) and at MANAGER_CHAIN_MAX, without repeats.
 */
export function chainBelow(personId: string, managerId: string | null, managerChain: readonly string[]): string[] {
  if (!managerId || managerId === personId) return [];
  const chain = [managerId];
  for (const id of managerChain) {
    if (id === personId || chain.includes(id) || chain.length >= MANAGER_CHAIN_MAX) break;
    chain.push(id);
  }
  return chain;
}

// ---- cursors ----

const CURSOR_FIELD = 'query.cursor';

export function encodeSortCursor(cursor: SortCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor this service issued; anything else is a 400 naming `query.cursor`. */
export function decodeSortCursor(value: string | undefined | null): SortCursor | null {
  if (value === undefined || value === null || value === '') return null;
  const invalid = () => new ValidationError('PROFILES.INVALID_CURSOR', [{ field: CURSOR_FIELD, message: 'is not a cursor of this list' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [sortKey, id] = parsed as unknown[];
  if (typeof sortKey !== 'string' || typeof id !== 'string' || sortKey.length > 400 || id.length === 0 || id.length > 64) throw invalid();
  return { sortKey, id };
}

function page<T extends OrgPerson & { sortKey: string }>(rows: readonly T[], limit: number): OrgPage<OrgPerson> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toPerson), nextCursor: rows.length > limit && last ? encodeSortCursor({ sortKey: last.sortKey, id: last.userId }) : null };
}

const toPerson = (p: OrgPerson): OrgPerson => ({
  userId: p.userId,
  displayName: p.displayName,
  title: p.title,
  department: p.department,
  location: p.location,
  managementLevel: p.managementLevel,
});

/** Peers are the manager's reports without the person: read one more, drop them, keep limit + 1 (the "more" probe). */
const withoutPerson = <T extends OrgPerson>(rows: readonly T[], userId: string, limit: number): T[] => rows.filter((r) => r.userId !== userId).slice(0, limit + 1);

export const assertLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError('PROFILES.INVALID_LIMIT', [{ field: 'query.limit', message: 'must be an integer from 1 to 100' }]);
  return limit;
};

const notFound = (userId: string) => new NotFoundError('PROFILES.PERSON_NOT_FOUND', `no person ${userId}`);

/** The org chart, directory and department tree for any signed-in colleague. */
export class OrgService {
  /** Departments change slowly; one grouped read serves every page for this long. */
  private departmentsCache: { at: number; tree: Map<string, DepartmentNode[]> } | null = null;

  constructor(
    private readonly readModel: OrgReadModel,
    private readonly options: { departmentsTtlMs?: number; now?: () => number } = {},
  ) {}

  /** The person, their managers to the top (one query), and the first page of reports and peers. */
  async chart(userId: string, limit: number): Promise<OrgChart> {
    assertLimit(limit);
    const person = await this.readModel.person(userId);
    if (!person) throw notFound(userId);
    const chainIds = person.managerChain.slice(0, MANAGER_CHAIN_MAX);
    const [chainPeople, reports, reportCount, peers] = await Promise.all([
      chainIds.length ? this.readModel.people(chainIds) : Promise.resolve([]),
      this.readModel.reports(userId, null, limit + 1),
      this.readModel.countReports(userId),
      person.managerId ? this.readModel.reports(person.managerId, null, limit + 2) : Promise.resolve([]),
    ]);
    const byId = new Map(chainPeople.map((p) => [p.userId, p]));
    const managers: ChainEntry[] = [];
    for (const id of chainIds) {
      const found = byId.get(id);
      if (!found) continue; // unknown yet, or deleted: no entry
      managers.push(found.active ? toPerson(found) : { userId: id, active: false });
    }
    return {
      person: toPerson(person),
      managers,
      // Cut only when the last manager shown reports to someone still.
      managersTruncated: chainIds.length >= MANAGER_CHAIN_MAX && Boolean(byId.get(chainIds[chainIds.length - 1]!)?.managerId),
      directReports: page(reports, limit),
      directReportCount: reportCount,
      peers: page(withoutPerson(peers, userId, limit), limit),
    };
  }

  async reports(userId: string, cursor: string | undefined, limit: number): Promise<OrgPage<OrgPerson>> {
    assertLimit(limit);
    const after = decodeSortCursor(cursor);
    if (!(await this.readModel.person(userId))) throw notFound(userId);
    return page(await this.readModel.reports(userId, after, limit + 1), limit);
  }

  /** People with the same manager, without the person; nobody for the top of the organisation. */
  async peers(userId: string, cursor: string | undefined, limit: number): Promise<OrgPage<OrgPerson>> {
    assertLimit(limit);
    const after = decodeSortCursor(cursor);
    const person = await this.readModel.person(userId);
    if (!person) throw notFound(userId);
    if (!person.managerId) return { items: [], nextCursor: null };
    return page(withoutPerson(await this.readModel.reports(person.managerId, after, limit + 2), userId, limit), limit);
  }

  /** Active people A–Z, in a department (and below it) and/or a location. */
  async directory(filter: { department?: string; location?: string }, cursor: string | undefined, limit: number): Promise<OrgPage<OrgPerson>> {
    assertLimit(limit);
    const after = decodeSortCursor(cursor);
    const department = filter.department !== undefined ? (departmentKey(filter.department) ?? undefined) : undefined;
    const location = filter.location !== undefined ? normaliseKey(filter.location) || undefined : undefined;
    return page(await this.readModel.directory({ ...(department ? { department } : {}), ...(location ? { location } : {}) }, after, limit + 1), limit);
  }

  /** The sub-departments of `parent` (the top level without it), A–Z, with head counts. */
  async departments(parent: string | undefined, cursor: string | undefined, limit: number): Promise<OrgPage<DepartmentNode> & { parent: string | null }> {
    assertLimit(limit);
    const parentKey = parent !== undefined ? departmentKey(parent) : null;
    const after = decodeSortCursor(cursor);
    const tree = await this.departmentTree();
    const children = tree.get(parentKey ?? '') ?? [];
    if (parentKey && !tree.has(parentKey) && !this.hasDepartment(tree, parentKey)) throw new NotFoundError('PROFILES.DEPARTMENT_NOT_FOUND', `no department ${parentKey}`);
    const start = after ? children.findIndex((d) => d.path > after.sortKey) : 0;
    const rest = start < 0 ? [] : children.slice(start);
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    return { parent: parentKey, items, nextCursor: rest.length > limit && last ? encodeSortCursor({ sortKey: last.path, id: last.path }) : null };
  }

  private hasDepartment(tree: Map<string, DepartmentNode[]>, key: string): boolean {
    const parentOf = key.includes(DEPARTMENT_SEPARATOR) ? key.slice(0, key.lastIndexOf(DEPARTMENT_SEPARATOR)) : '';
    return (tree.get(parentOf) ?? []).some((d) => d.path === key);
  }

  /** Children by parent path ('' for the top level), each list sorted by path. */
  private async departmentTree(): Promise<Map<string, DepartmentNode[]>> {
    const now = (this.options.now ?? Date.now)();
    if (this.departmentsCache && now - this.departmentsCache.at < (this.options.departmentsTtlMs ?? 10_000)) return this.departmentsCache.tree;
    const tree = buildDepartmentTree(await this.readModel.departmentCounts());
    this.departmentsCache = { at: now, tree };
    return tree;
  }
}

/** Rolls the per-path head counts up into a tree: every ancestor path exists and counts its descendants. */
export function buildDepartmentTree(counts: readonly DepartmentCount[]): Map<string, DepartmentNode[]> {
  const nodes = new Map<string, { path: string; name: string; total: number; direct: number; children: Set<string> }>();
  const node = (path: string, name: string) => {
    let n = nodes.get(path);
    if (!n) nodes.set(path, (n = { path, name, total: 0, direct: 0, children: new Set() }));
    return n;
  };
  // A department is named as its own people's department spells it; one only known from the
  // paths below it, as the first of those spells it (in label order, so the same on every read).
  const ordered = [...counts].sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
  for (const { department, count } of ordered) {
    const path = departmentKey(department);
    if (!path) continue;
    const keys = path.split(DEPARTMENT_SEPARATOR);
    const names = departmentSegments(department);
    for (let i = 0; i < keys.length; i++) {
      const key = keys.slice(0, i + 1).join(DEPARTMENT_SEPARATOR);
      const n = node(key, names[i] ?? keys[i]!);
      n.total += count;
      if (i === keys.length - 1) {
        if (n.direct === 0) n.name = names[i] ?? n.name;
        n.direct += count;
      }
      if (i > 0) node(keys.slice(0, i).join(DEPARTMENT_SEPARATOR), names[i - 1] ?? keys[i - 1]!).children.add(key);
    }
  }
  const tree = new Map<string, DepartmentNode[]>();
  for (const n of nodes.values()) {
    const parent = n.path.includes(DEPARTMENT_SEPARATOR) ? n.path.slice(0, n.path.lastIndexOf(DEPARTMENT_SEPARATOR)) : '';
    const list = tree.get(parent) ?? [];
    list.push({ path: n.path, name: n.name, headCount: n.total, directHeadCount: n.direct, subDepartmentCount: n.children.size });
    tree.set(parent, list);
  }
  for (const list of tree.values()) list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return tree;
}
