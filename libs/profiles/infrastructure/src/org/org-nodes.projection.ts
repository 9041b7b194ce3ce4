import type { UserAttributesChangedV1, UserManagerChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import { chainBelow, departmentKeys, departmentSegments, DEPARTMENT_SEPARATOR, normaliseKey, sortKeyOf } from '@plein/profiles/application';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/** Version of the `org-nodes` read model: `<svc>_org_nodes_v<N>`, consumer group `<svc>.org-nodes.v<N>`. */
export const ORG_NODES_VERSION = 1;
export const ORG_NODES = 'org-nodes';

/**
 * One person in the org chart and directory, from identity's user events. `managerChain` is the
 * ancestor list, manager first, so a person's whole chain is one `$in` read and a subtree is
 * every document whose chain holds its root (`{ managerChain: id }`, multikey index).
 */
export interface OrgNodeDocument {
  _id: string;
  lastSequence: number;
  active: boolean;
  deleted?: true;
  displayName?: string;
  /** A–Z key: normalised display name (sortKeyOf). */
  sortKey?: string;
  title?: string | null;
  /** As identity spells it, segments trimmed and joined by '/'. */
  department?: string | null;
  /** Normalised path of the department and of every department above it. */
  departmentKeys?: string[];
  location?: string | null;
  locationKey?: string | null;
  managementLevel?: string;
  managerId?: string | null;
  managerChain: string[];
  updatedAt?: string;
}

const departmentFields = (department: string | null | undefined) => {
  const segments = department ? departmentSegments(department) : [];
  return { department: segments.length ? segments.join(DEPARTMENT_SEPARATOR) : null, departmentKeys: departmentKeys(department) };
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
          sortKey: sortKeyOf(d.displayName),
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
      if (changes.displayName) Object.assign(set, { displayName: changes.displayName, sortKey: sortKeyOf(changes.displayName) });
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
        $set: { active: false, deleted: true, departmentKeys: [], updatedAt },
        $unset: { displayName: '', sortKey: '', title: '', department: '', location: '', locationKey: '', managementLevel: '' },
      };
    default:
      // Every event of the stream advances lastSequence, so the next one is no gap.
      return { $set: { updatedAt } };
  }
}

const CHAIN_EVENTS = new Set(['identity.user.provisioned', 'identity.user.manager-changed']);
const SETTLE_ROUNDS = 5;

/**
 * Makes `personId`'s chain `[manager, ...manager's chain]` and moves its whole subtree with it:
 * two `updateMany` on `{ managerChain: personId }` (pull the old and new ancestors, push the new
 * ones), whatever the subtree's size and depth, then the person's own chain, compare-and-set.
 * Descendants are moved before the person, so a retry after a crash finds the old chain again and
 * repeats the same (idempotent) steps. Repeated until the manager's chain read is stable, so a
 * concurrent move of an ancestor (another partition) is not lost. Returns the number of rounds.
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
    if (ancestors.length) await collection.updateMany({ managerChain: personId }, { $pullAll: { managerChain: ancestors } });
    if (chain.length) await collection.updateMany({ managerChain: personId }, { $push: { managerChain: { $each: chain } } });
    await collection.updateOne({ _id: personId, managerId, managerChain: current }, { $set: { managerChain: chain } });
  }
  return SETTLE_ROUNDS;
}

const sameChain = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Applies one identity user event (idempotent: a redelivered event is a no-op, its chain re-checked). */
export async function applyOrgNodeEvent(collection: mongo.Collection<OrgNodeDocument>, envelope: EventEnvelope): Promise<void> {
  await applyInSequence(collection, envelope.aggregateId, envelope.sequence, orgNodeUpdate(envelope));
  if (CHAIN_EVENTS.has(envelope.type)) await settleManagerChain(collection, envelope.aggregateId);
}

export const ORG_NODE_INDEXES: readonly Record<string, 1>[] = [
  { managerChain: 1 },
  { managerId: 1, active: 1, sortKey: 1, _id: 1 },
  { active: 1, sortKey: 1, _id: 1 },
  { departmentKeys: 1, active: 1, sortKey: 1, _id: 1 },
  { locationKey: 1, active: 1, sortKey: 1, _id: 1 },
  { active: 1, department: 1 },
];

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
      await applyOrgNodeEvent(ctx.collection as mongo.Collection<OrgNodeDocument>, envelope);
    },
  });
