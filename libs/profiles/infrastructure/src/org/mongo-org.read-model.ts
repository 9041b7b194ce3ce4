import type { DepartmentCount, DirectoryFilter, OrgPerson, OrgReadModel, SortCursor } from '@plein/profiles/application';
import type { mongo } from 'mongoose';
import type { OrgNodeDocument } from './org-nodes.projection';

/** Most distinct departments the tree is built from (one grouped read). */
export const DEPARTMENTS_MAX = 20_000;

const PERSON_FIELDS = { displayName: 1, sortKey: 1, title: 1, department: 1, location: 1, managementLevel: 1, active: 1, managerId: 1, managerChain: 1 } as const;

type Row = OrgPerson & { sortKey: string };

const toRow = (doc: OrgNodeDocument): Row & { active: boolean; managerId: string | null; managerChain: string[] } => ({
  userId: doc._id,
  displayName: doc.displayName ?? '',
  sortKey: doc.sortKey ?? '',
  title: doc.title ?? null,
  department: doc.department ?? null,
  location: doc.location ?? null,
  managementLevel: doc.managementLevel ?? 'employee',
  active: doc.active,
  managerId: doc.managerId ?? null,
  managerChain: doc.managerChain ?? [],
});

/** A–Z after a cursor: (sortKey, _id) strictly greater. */
const afterFilter = (after: SortCursor | null): mongo.Filter<OrgNodeDocument>[] =>
  after ? [{ $or: [{ sortKey: { $gt: after.sortKey } }, { sortKey: after.sortKey, _id: { $gt: after.id } }] }] : [];

const A_TO_Z = { sortKey: 1, _id: 1 } as const;

/** The org views over `org-nodes`: every read is one indexed, bounded query. */
export class MongoOrgReadModel implements OrgReadModel {
  constructor(private readonly collection: () => Promise<mongo.Collection<OrgNodeDocument>>) {}

  async person(userId: string) {
    const doc = await (await this.collection()).findOne({ _id: userId, active: true }, { projection: PERSON_FIELDS });
    return doc ? toRow(doc) : null;
  }

  async people(userIds: readonly string[]) {
    const docs = await (await this.collection())
      .find({ _id: { $in: [...userIds] }, deleted: { $ne: true } }, { projection: PERSON_FIELDS })
      .limit(userIds.length)
      .toArray();
    return docs.map(toRow);
  }

  async reports(managerId: string, after: SortCursor | null, limit: number, excluding?: string) {
    const filter: mongo.Filter<OrgNodeDocument> = { $and: [{ managerId, active: true }, ...(excluding ? [{ _id: { $ne: excluding } }] : []), ...afterFilter(after)] };
    const docs = await (await this.collection()).find(filter, { projection: PERSON_FIELDS }).sort(A_TO_Z).limit(limit).toArray();
    return docs.map(toRow);
  }

  async countReports(managerId: string) {
    return (await this.collection()).countDocuments({ managerId, active: true });
  }

  async directory(filter: DirectoryFilter, after: SortCursor | null, limit: number) {
    const where: mongo.Filter<OrgNodeDocument>[] = [{ active: true }];
    if (filter.department) where.push({ departmentKeys: filter.department });
    if (filter.location) where.push({ locationKey: filter.location });
    const docs = await (await this.collection())
      .find({ $and: [...where, ...afterFilter(after)] }, { projection: PERSON_FIELDS })
      .sort(A_TO_Z)
      .limit(limit)
      .toArray();
    return docs.map(toRow);
  }

  async departmentCounts(): Promise<DepartmentCount[]> {
    const rows = await (await this.collection())
      .aggregate<{ _id: string; count: number }>([
        { $match: { active: true, department: { $type: 'string' } } },
        { $group: { _id: '$department', count: { $sum: 1 } } },
        { $sort: { _id: 1 } },
        { $limit: DEPARTMENTS_MAX },
      ])
      .toArray();
    return rows.map((r) => ({ department: r._id, count: r.count }));
  }
}
