import type { UserRole } from '@plein/identity/contracts';
import { MAX_WAITING_REFERENCES, type GroupDirectory, type GroupRecord, type ListQuery, type Page, type UserDirectory, type UserRecord } from '@plein/identity/application';
import { GROUP_READ_MODEL_FIELDS, scimFilterToMongo, USER_READ_MODEL_FIELDS, type MongoFieldMap } from '@plein/identity/domain';
import type { mongo } from 'mongoose';
import type { GroupDocument } from './groups.projection';
import type { IdentityReadModels } from './read-models';
import { toUserRecord, USER_SORT_FIELDS, type UserDocument } from './user-document';

const LIVE = { deleted: { $ne: true } };

/** A SCIM list query as a MongoDB find: filter, sort (ties by _id), skip/limit, and the total. */
async function listPage<D extends { _id: string }>(
  collection: mongo.Collection<D>,
  query: ListQuery,
  fields: MongoFieldMap,
  sortFields: Readonly<Record<string, string>>,
): Promise<{ total: number; docs: D[] }> {
  const scim: Record<string, unknown> = query.filter ? scimFilterToMongo(query.filter, fields) : {};
  // Top-level fields rather than `$and`, so that the local server can use the indexes (it does not push `$and` down).
  const filter = ('deleted' in scim ? { $and: [LIVE, scim] } : { ...scim, ...LIVE }) as mongo.Filter<D>;
  const direction = query.sortOrder === 'descending' ? -1 : 1;
  const sort: mongo.Sort = query.sortBy ? { [sortFields[query.sortBy] ?? '_id']: direction, _id: direction } : { _id: 1 };
  const [total, docs] = await Promise.all([
    collection.countDocuments(filter),
    query.count === 0 ? Promise.resolve([]) : collection.find(filter).sort(sort).skip(query.startIndex - 1).limit(query.count).toArray(),
  ]);
  return { total, docs: docs as D[] };
}

export class MongoUserDirectory implements UserDirectory {
  constructor(private readonly readModels: IdentityReadModels) {}

  async get(id: string): Promise<UserRecord | null> {
    const doc = await (await this.readModels.users()).findOne({ _id: id });
    return doc ? toUserRecord(doc) : null;
  }

  async getMany(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const docs = await (await this.readModels.users()).find({ _id: { $in: [...ids] } }).toArray();
    return docs.map(toUserRecord).filter((r): r is UserRecord => r !== null);
  }

  findByUserName(userName: string): Promise<UserRecord | null> {
    return this.findOne({ userNameLower: userName.trim().toLowerCase(), ...LIVE });
  }

  findByExternalId(externalId: string): Promise<UserRecord | null> {
    return this.findOne({ externalId, ...LIVE });
  }

  async list(query: ListQuery): Promise<Page<UserRecord>> {
    const { total, docs } = await listPage(await this.readModels.users(), query, USER_READ_MODEL_FIELDS, USER_SORT_FIELDS);
    return { total, items: docs.map(toUserRecord).filter((r): r is UserRecord => r !== null) };
  }

  async reportsOf(managerId: string, limit: number): Promise<UserRecord[]> {
    const docs = await (await this.readModels.users()).find({ managerId, ...LIVE }).sort({ displayName: 1, _id: 1 }).limit(limit).toArray();
    return docs.map(toUserRecord).filter((r): r is UserRecord => r !== null);
  }

  async countActiveWithRole(role: UserRole): Promise<number> {
    return (await this.readModels.users()).countDocuments({ roles: role, active: true, ...LIVE });
  }

  async withManagerReference(references: readonly string[]): Promise<UserRecord[]> {
    if (references.length === 0) return [];
    const docs = await (await this.readModels.users()).find({ managerReference: { $in: [...references] }, ...LIVE }).limit(MAX_WAITING_REFERENCES).toArray();
    return docs.map(toUserRecord).filter((r): r is UserRecord => r !== null);
  }

  private async findOne(filter: mongo.Filter<UserDocument>): Promise<UserRecord | null> {
    const doc = await (await this.readModels.users()).findOne(filter);
    return doc ? toUserRecord(doc) : null;
  }
}

const GROUP_SORT_FIELDS: Readonly<Record<string, string>> = { displayName: 'displayNameLower', externalId: 'externalId', 'meta.created': 'createdAt', 'meta.lastModified': 'updatedAt' };

function toGroupRecord(doc: GroupDocument): GroupRecord | null {
  if (doc.deleted || !doc.displayName || !doc.createdAt) return null;
  return {
    id: doc._id,
    displayName: doc.displayName,
    externalId: doc.externalId ?? null,
    memberIds: doc.memberIds ?? [],
    memberReferences: doc.memberReferences ?? [],
    version: doc.lastSequence,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt ?? doc.createdAt,
  };
}

export class MongoGroupDirectory implements GroupDirectory {
  constructor(private readonly readModels: IdentityReadModels) {}

  async get(id: string): Promise<GroupRecord | null> {
    const doc = await (await this.readModels.groups()).findOne({ _id: id });
    return doc ? toGroupRecord(doc) : null;
  }

  async list(query: ListQuery): Promise<Page<GroupRecord>> {
    const { total, docs } = await listPage(await this.readModels.groups(), query, GROUP_READ_MODEL_FIELDS, GROUP_SORT_FIELDS);
    return { total, items: docs.map(toGroupRecord).filter((r): r is GroupRecord => r !== null) };
  }

  async withMemberReference(references: readonly string[]): Promise<GroupRecord[]> {
    if (references.length === 0) return [];
    const docs = await (await this.readModels.groups()).find({ memberReferences: { $in: [...references] }, ...LIVE }).limit(MAX_WAITING_REFERENCES).toArray();
    return docs.map(toGroupRecord).filter((r): r is GroupRecord => r !== null);
  }

  async groupsOf(userIds: readonly string[]): Promise<Map<string, { id: string; displayName: string }[]>> {
    const result = new Map<string, { id: string; displayName: string }[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const docs = await (await this.readModels.groups()).find({ memberIds: { $in: [...userIds] }, ...LIVE }, { projection: { displayName: 1, memberIds: 1 } }).toArray();
    for (const doc of docs) {
      for (const member of doc.memberIds ?? []) result.get(member)?.push({ id: doc._id, displayName: doc.displayName ?? '' });
    }
    return result;
  }
}
