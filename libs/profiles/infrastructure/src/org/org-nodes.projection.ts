import type { UserAttributesChangedV1, UserManagerChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import { chainBelow, departmentKey, departmentPrefix, departmentSegments, DEPARTMENT_SEPARATOR, MANAGER_CHAIN_MAX, normaliseKey, sortKeyOf } from '@plein/profiles/application';
import { erasureKey } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/** Version of the `org-nodes` read model: `<svc>_org_nodes_v<N>`, consumer group `<svc>.org-nodes.v<N>`. */
export const ORG_NODES_VERSION = 1;
export const ORG_NODES = 'org-nodes';

/**
 * One person in the org chart and directory, from identity's user events. `managerChain` is the
 * ancestor list, manager first, so a person's whole chain is one `$in` read by `_id`. Every field a
 * list filters or sorts on is a top-level scalar (equality, one range, one sort field): what the
 * local FerretDB answers from an index (ADR 0007); arrays and `$or` it would read whole.
 */
export interface OrgNodeDocument {
  _id: string;
  lastSequence: number;
  active: boolean;
  deleted?: true;
  displayName?: string;
  /** Unique A–Z key: normalised display name, then the user id (sortKeyOf). */
  sortKey?: string;
  title?: string | null;
  /** As identity spells it, segments trimmed and joined by '/'. */
  department?: string | null;
  /** Normalised path with a trailing '/': a department and those below it are one prefix range. */
  departmentPath?: string | null;
  location?: string | null;
  locationKey?: string | null;
  managementLevel?: string;
  managerId?: string | null;
  managerChain: string[];
  /** The department whose head count includes this person (null: none). */
  counted?: string | null;
  updatedAt?: string;
}

/** A department's head count (`<collection>_departments`), kept by the projection. */
export interface DepartmentCountDocument {
  /** Normalised path. */
  _id: string;
  /** As identity spells it (the first spelling counted). */
  department: string;
  count: number;
}

const departmentFields = (department: string | null | undefined) => {
  const segments = department ? departmentSegments(department) : [];
  const key = departmentKey(department);
  return { department: segments.length ? segments.join(DEPARTMENT_SEPARATOR) : null, departmentPath: key ? departmentPrefix(key) : null };
};
const locationFields = (location: string | null | undefined) => ({ location: location ?? null, locationKey: location ? normaliseKey(location) || null : null });

/** The event → update mapping of one person's own document (the chain is settled after it). */
export function orgNodeUpdate(envelope: EventEnvelope): mongo.UpdateFilter<OrgNodeDocument> {
  const updatedAt = envelope.occurredAt;
  switch (envelope.type) {
    case 'identity.user.provisioned': {
      const d = envelope.data as UserProvisionedV1;
      return {
        $set: {
          active: true,
          displayName: d.displayName,
          sortKey: sortKeyOf(d.displayName, envelope.aggregateId),
          title: d.title ?? null,
          ...departmentFields(d.department),
          ...locationFields(d.location),
          managementLevel: d.managementLevel,
          managerId: d.managerId,
          managerChain: [],
          updatedAt,
        },
      };
    }
    case 'identity.user.attributes-changed': {
      const { changes } = envelope.data as UserAttributesChangedV1;
      const set: Partial<OrgNodeDocument> = { updatedAt };
      if (changes.displayName) Object.assign(set, { displayName: changes.displayName, sortKey: sortKeyOf(changes.displayName, envelope.aggregateId) });
      if (changes.title !== undefined) set.title = changes.title;
      if (changes.department !== undefined) Object.assign(set, departmentFields(changes.department));
      if (changes.location !== undefined) Object.assign(set, locationFields(changes.location));
      if (changes.managementLevel) set.managementLevel = changes.managementLevel;
      return { $set: set };
    }
    case 'identity.user.manager-changed':
      return { $set: { managerId: (envelope.data as UserManagerChangedV1).managerId, updatedAt } };
    case 'identity.user.deactivated':
      return { $set: { active: false, updatedAt } };
    case 'identity.user.reactivated':
      return { $set: { active: true, updatedAt } };
    case 'identity.user.deleted':
      // A tombstone: no personal data, in no list; the id stays so redelivered events stay no-ops.
      return {
        $set: { active: false, deleted: true, updatedAt },
        $unset: { displayName: '', sortKey: '', title: '', department: '', departmentPath: '', location: '', locationKey: '', managementLevel: '' },
      };
    default:
      // Every event of the stream advances lastSequence, so the next one is no gap.
      return { $set: { updatedAt } };
  }
}

const CHAIN_EVENTS = new Set(['identity.user.provisioned', 'identity.user.manager-changed']);
const SETTLE_ROUNDS = 5;
/** Ids per `$in` (a level of thousands of people is read and written in chunks). */
const CHUNK = 1_000;

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Makes `personId`'s chain `[manager, ...manager's chain]` and moves their whole subtree with it,
 * level by level down the reporting lines: per level one read of the people reporting to the
 * level above (`managerId $in`, index-backed) and two updates of them by `_id` (pull the old and
 * new ancestors, push the new ones: the part of each chain below the person stays), in chunks of
 * 1,000; at most MANAGER_CHAIN_MAX levels, each person once (a cycle in the data ends the walk).
 * Then the person's own chain, compare-and-set. Descendants are moved before the person, so a
 * retry after a crash finds the old chain again and repeats the same idempotent steps. Repeated
 * until the manager's chain read is stable, so a concurrent move of an ancestor (another
 * partition) is not lost. Returns the number of rounds.
 */
export async function settleManagerChain(collection: mongo.Collection<OrgNodeDocument>, personId: string): Promise<number> {
  for (let round = 1; round <= SETTLE_ROUNDS; round++) {
    const person = await collection.findOne({ _id: personId }, { projection: { managerId: 1, managerChain: 1 } });
    if (!person) return round;
    const managerId = person.managerId ?? null;
    const manager = managerId ? await collection.findOne({ _id: managerId }, { projection: { managerChain: 1 } }) : null;
    const managerChain = manager?.managerChain ?? [];
    // The new manager is inside the person's own subtree: a cycle in the data. Keep the person at
    // the top of their own branch instead of looping; the next manager change repairs it.
    const chain = managerChain.includes(personId) ? [] : chainBelow(personId, managerId, managerChain);
    const current = person.managerChain ?? [];
    if (sameChain(chain, current)) return round;
    const ancestors = [...new Set([...current, ...chain])];
    const visited = new Set([personId]);
    let level = [personId];
    for (let depth = 0; depth < MANAGER_CHAIN_MAX && level.length > 0; depth++) {
      const next: string[] = [];
      for (const managers of chunks(level)) {
        for (const report of await collection.find({ managerId: { $in: managers } }, { projection: { _id: 1 } }).toArray()) {
          if (!visited.has(report._id)) {
            visited.add(report._id);
            next.push(report._id);
          }
        }
      }
      for (const ids of chunks(next)) {
        if (ancestors.length) await collection.updateMany({ _id: { $in: ids } }, { $pullAll: { managerChain: ancestors } });
        if (chain.length) await collection.updateMany({ _id: { $in: ids } }, { $push: { managerChain: { $each: chain } } });
      }
      level = next;
    }
    await collection.updateOne({ _id: personId, managerId, managerChain: current }, { $set: { managerChain: chain } });
  }
  return SETTLE_ROUNDS;
}

const sameChain = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Keeps the department head counts in step with the person: `counted` names the department whose
 * count includes them; when it is not where they are (active, in a department) any more, it is
 * moved compare-and-set on both `counted` and the `lastSequence` of the state it was computed
 * from, so a move computed from a state another consumer has since changed (two consumers of the
 * same person during a partition reassignment) is not written: the state is read again and the
 * target worked out anew. A redelivered event finds nothing to move. A crash between the move and
 * the counts leaves one count off by one until a rebuild.
 */
export async function settleHeadCount(collection: mongo.Collection<OrgNodeDocument>, counts: mongo.Collection<DepartmentCountDocument>, personId: string): Promise<void> {
  for (let round = 1; round <= SETTLE_ROUNDS; round++) {
    const person = await collection.findOne({ _id: personId }, { projection: { lastSequence: 1, active: 1, deleted: 1, department: 1, departmentPath: 1, counted: 1 } });
    if (!person) return;
    const target = person.active && !person.deleted && person.departmentPath && person.department ? person.departmentPath.slice(0, -DEPARTMENT_SEPARATOR.length) : null;
    const counted = person.counted ?? null;
    if (counted === target) return;
    const moved = await collection.updateOne({ _id: personId, lastSequence: person.lastSequence, counted }, { $set: { counted: target } });
    // The state changed since the read (a newer event, or another consumer's move): read it again.
    if (moved.modifiedCount !== 1) continue;
    if (counted) await counts.updateOne({ _id: counted }, { $inc: { count: -1 } });
    if (target) await counts.updateOne({ _id: target }, { $inc: { count: 1 }, $setOnInsert: { department: person.department! } }, { upsert: true });
    return;
  }
}

/** The head counts beside a version's collection: `<svc>_org_nodes_v<N>_departments`. */
export const departmentCounts = (db: mongo.Db, nodes: mongo.Collection<OrgNodeDocument>): mongo.Collection<DepartmentCountDocument> =>
  db.collection<DepartmentCountDocument>(`${nodes.collectionName}_departments`);

/** Markers of deleted people beside a version's collection: `<svc>_org_nodes_v<N>_erased`, `_id` erasureKey(userId). */
export const erasedOrgNodes = (nodes: mongo.Collection<OrgNodeDocument>): mongo.Collection<{ _id: string; erasedAt: string }> =>
  nodes.db.collection<{ _id: string; erasedAt: string }>(`${nodes.collectionName}_erased`);

/**
 * Applies one identity user event (idempotent: a redelivered event is a no-op, its chain and count
 * re-checked). `identity.user.deleted` writes a marker keyed by erasureKey(userId), takes the person
 * out of their department's count and deletes their node; the marker keeps redelivered events
 * from bringing them back, without holding their id.
 */
export async function applyOrgNodeEvent(collection: mongo.Collection<OrgNodeDocument>, counts: mongo.Collection<DepartmentCountDocument>, envelope: EventEnvelope): Promise<void> {
  const erased = erasedOrgNodes(collection);
  const marker = erasureKey(envelope.aggregateId);
  const deleting = envelope.type === 'identity.user.deleted';
  if (deleting) {
    await erased.updateOne({ _id: marker }, { $setOnInsert: { erasedAt: envelope.occurredAt } }, { upsert: true });
    // Redelivered (or before anything else of them): nothing left to take out.
    if (!(await collection.findOne({ _id: envelope.aggregateId }, { projection: { _id: 1 } }))) return;
  } else if (await erased.findOne({ _id: marker }, { projection: { _id: 1 } })) return;
  await applyInSequence(collection, envelope.aggregateId, envelope.sequence, orgNodeUpdate(envelope));
  if (CHAIN_EVENTS.has(envelope.type)) await settleManagerChain(collection, envelope.aggregateId);
  await settleHeadCount(collection, counts, envelope.aggregateId);
  if (deleting) await collection.deleteOne({ _id: envelope.aggregateId });
}

export const ORG_NODE_INDEXES: readonly Record<string, 1>[] = [{ managerId: 1, sortKey: 1 }, { sortKey: 1 }, { departmentPath: 1, sortKey: 1 }, { locationKey: 1, sortKey: 1 }];

/** The org chart and directory read model from identity's user topic (under the installation's prefix). */
export const orgNodesProjection = (identityUserTopic: string, version = ORG_NODES_VERSION): ProjectionDefinition<'mongo'> =>
  defineProjection({
    name: ORG_NODES,
    version,
    topics: [identityUserTopic],
    aggregateTypes: ['user'],
    async setup(ctx: MongoProjectionContext) {
      for (const key of ORG_NODE_INDEXES) await ctx.collection.createIndex(key);
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      const nodes = ctx.collection as mongo.Collection<OrgNodeDocument>;
      await applyOrgNodeEvent(nodes, departmentCounts(ctx.db, nodes), envelope);
    },
  });
