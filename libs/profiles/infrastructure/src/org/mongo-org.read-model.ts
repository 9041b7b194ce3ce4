import { departmentPrefix, type DepartmentCount, type DirectoryFilter, type OrgReadModel, type SortCursor } from '@plein/profiles/application';
import type { mongo } from 'mongoose';
import type { DepartmentCountDocument, OrgNodeDocument } from './org-nodes.projection';

/** Most distinct departments the tree is built from (one read of the head counts). */
export const DEPARTMENTS_MAX = 20_000;

const PERSON_FIELDS = { displayName: 1, sortKey: 1, title: 1, department: 1, location: 1, managementLevel: 1, active: 1, deleted: 1, managerId: 1, managerChain: 1 } as const;

const toRow = (doc: OrgNodeDocument) => ({
  userId: doc._id,
  displayName: doc.displayName ?? '',
  sortKey: doc.sortKey ?? '',
  title: doc.title ?? null,
  department: doc.department ?? null,
  location: doc.location ?? null,
  managementLevel: doc.managementLevel ?? 'employee',
  active: doc.active && !doc.deleted,
  managerId: doc.managerId ?? null,
  managerChain: doc.managerChain ?? [],
});

/** `sortKey` is unique (name, then id), so "after the cursor" is one range on the one sort field. */
const after = (cursor: SortCursor | null): mongo.Filter<OrgNodeDocument> => (cursor ? { sortKey: { $gt: cursor.sortKey } } : {});
const A_TO_Z = { sortKey: 1 } as const;

/**
 * The org views over `org-nodes`: every read is one query by `_id`, or equality on top-level
 * fields with at most one range and a sort on `sortKey` (what the local FerretDB serves from an
 * index and sorts in PostgreSQL, ADR 0007; plain MongoDB the same), bounded by its limit.
 */
export class MongoOrgReadModel implements OrgReadModel {
  constructor(
    private readonly collection: () => Promise<mongo.Collection<OrgNodeDocument>>,
    private readonly counts: () => Promise<mongo.Collection<DepartmentCountDocument>>,
  ) {}

  async person(userId: string) {
    const doc = await (await this.collection()).findOne({ _id: userId }, { projection: PERSON_FIELDS });
    const row = doc ? toRow(doc) : null;
    return row?.active ? row : null;
  }

  async people(userIds: readonly string[]) {
    const docs = await (await this.collection()).find({ _id: { $in: [...userIds] } }, { projection: PERSON_FIELDS }).limit(userIds.length).toArray();
    return docs.filter((d) => !d.deleted).map(toRow);
  }

  async reports(managerId: string, cursor: SortCursor | null, limit: number) {
    const docs = await (await this.collection())
      .find({ managerId, active: true, ...after(cursor) }, { projection: PERSON_FIELDS })
      .sort(A_TO_Z)
      .limit(limit)
      .toArray();
    return docs.map(toRow);
  }

  async countReports(managerId: string) {
    return (await this.collection()).countDocuments({ managerId, active: true });
  }

  async directory(filter: DirectoryFilter, cursor: SortCursor | null, limit: number) {
    const where: mongo.Filter<OrgNodeDocument> = { active: true, ...after(cursor) };
    if (filter.department) {
      // The department and every one below it: paths starting with `<key>/` ('0' follows '/').
      const prefix = departmentPrefix(filter.department);
      where.departmentPath = { $gte: prefix, $lt: `${prefix.slice(0, -1)}0` };
    }
    if (filter.location) where.locationKey = filter.location;
    const docs = await (await this.collection()).find(where, { projection: PERSON_FIELDS }).sort(A_TO_Z).limit(limit).toArray();
    return docs.map(toRow);
  }

  async departmentCounts(): Promise<DepartmentCount[]> {
    const rows = await (await this.counts()).find({ count: { $gt: 0 } }).limit(DEPARTMENTS_MAX).toArray();
    return rows.map((r) => ({ department: r.department, count: r.count }));
  }
}
