import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, SequenceGapError, type MongoProjectionContext } from '@plein/shared/projections';
import { identityGroupTopic, type GroupCreatedV1, type GroupExternalIdChangedV1, type GroupMemberReferencesChangedV1, type GroupMembershipChangedV1, type GroupRenamedV1 } from '@plein/identity/contracts';
import type { mongo } from 'mongoose';
import { isOwnEvent } from './own-stream';

/** One group in `identity_groups_v<N>`; field names are what GROUP_READ_MODEL_FIELDS expects. */
export interface GroupDocument {
  _id: string;
  lastSequence: number;
  displayName?: string;
  displayNameLower?: string;
  externalId?: string;
  memberIds?: string[];
  /** Pending member references (users not provisioned yet). */
  memberReferences?: string[];
  deleted?: boolean;
  createdAt?: Date;
  updatedAt?: Date;
}

/**
 * The groups read model. Membership deltas are folded in application code and written with
 * `$set` (MongoDB refuses `$addToSet` and `$pull` on one field in one update); the sequence guard
 * makes the read-compute-write safe, since any concurrent writer of the same sequence computes
 * the same list from the same document.
 */
export const groupsProjection = defineProjection({
  name: 'groups',
  version: 1,
  topics: [identityGroupTopic.name],
  aggregateTypes: ['group'],
  async setup(ctx: MongoProjectionContext) {
    const keys: Record<string, 1>[] = [{ memberIds: 1 }, { displayNameLower: 1 }, { externalId: 1 }, { createdAt: 1 }, { memberReferences: 1 }];
    for (const key of keys) await ctx.collection.createIndex(key);
  },
  async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
    if (!(await isOwnEvent(envelope, ctx))) return;
    const collection = ctx.collection as mongo.Collection<GroupDocument>;
    const current = await collection.findOne({ _id: envelope.aggregateId });
    const last = current?.lastSequence ?? 0;
    if (last >= envelope.sequence) return; // duplicate
    if (last < envelope.sequence - 1) throw new SequenceGapError(envelope.aggregateId, last + 1, envelope.sequence);
    await applyInSequence<GroupDocument>(collection, envelope.aggregateId, envelope.sequence, groupUpdate(envelope, current));
  },
});

export function groupUpdate(envelope: EventEnvelope, current: GroupDocument | null): mongo.UpdateFilter<GroupDocument> {
  const at = new Date(envelope.occurredAt);
  switch (envelope.type) {
    case 'identity.group.created': {
      const data = envelope.data as GroupCreatedV1;
      return { $set: { displayName: data.displayName, displayNameLower: data.displayName.toLowerCase(), externalId: data.externalId, memberIds: [], deleted: false, createdAt: at, updatedAt: at } };
    }
    case 'identity.group.renamed': {
      const { displayName } = envelope.data as GroupRenamedV1;
      return { $set: { displayName, displayNameLower: displayName.toLowerCase(), updatedAt: at } };
    }
    case 'identity.group.membership-changed': {
      const { added, removed } = envelope.data as GroupMembershipChangedV1;
      const gone = new Set(removed);
      const members = (current?.memberIds ?? []).filter((id) => !gone.has(id));
      for (const id of added) if (!members.includes(id)) members.push(id);
      return { $set: { memberIds: members, updatedAt: at } };
    }
    case 'identity.group.external-id-changed':
      return { $set: { externalId: (envelope.data as GroupExternalIdChangedV1).externalId, updatedAt: at } };
    case 'identity.group.member-references-changed': {
      const { added, removed } = envelope.data as GroupMemberReferencesChangedV1;
      const gone = new Set(removed);
      const references = (current?.memberReferences ?? []).filter((r) => !gone.has(r));
      for (const r of added) if (!references.includes(r)) references.push(r);
      return { $set: { memberReferences: references, updatedAt: at } };
    }
    case 'identity.group.deleted':
      return { $set: { deleted: true, memberIds: [], memberReferences: [], updatedAt: at } };
    default:
      return {};
  }
}
