import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { UserAttributesChangedV1, UserProvisionedV1, UserRoleGrantedV1 } from '@plein/identity/contracts';
import type { FeedTopics } from '../feed-topics';

/**
 * The feed's view of people (identity.user.*): activity, roles, management level, and the
 * lower-cased user name for mentions. Deactivated people can neither see nor act.
 */
export const usersProjection = (topics: FeedTopics, version: number): ProjectionDefinition =>
  defineProjection({
    name: 'users',
    version,
    topics: [topics.identityUser],
    aggregateTypes: ['user'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ userNameLower: 1 });
      await ctx.collection.createIndex({ active: 1, _id: 1 });
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyInSequence(ctx.collection, envelope.aggregateId, envelope.sequence, userUpdate(envelope));
    },
  });

export function userUpdate(envelope: EventEnvelope): Record<string, unknown> {
  const at = envelope.occurredAt;
  switch (envelope.type) {
    case 'identity.user.provisioned': {
      const d = envelope.data as UserProvisionedV1;
      return { $set: { userName: d.userName, userNameLower: d.userName.toLowerCase(), displayName: d.displayName, managementLevel: d.managementLevel, roles: d.roles, active: true, updatedAt: at } };
    }
    case 'identity.user.attributes-changed': {
      const { changes } = envelope.data as UserAttributesChangedV1;
      const set: Record<string, unknown> = { updatedAt: at };
      if (changes.userName) Object.assign(set, { userName: changes.userName, userNameLower: changes.userName.toLowerCase() });
      if (changes.displayName) set['displayName'] = changes.displayName;
      if (changes.managementLevel) set['managementLevel'] = changes.managementLevel;
      return { $set: set };
    }
    case 'identity.user.deactivated':
      return { $set: { active: false, updatedAt: at } };
    case 'identity.user.reactivated':
      return { $set: { active: true, updatedAt: at } };
    case 'identity.user.deleted':
      return { $set: { active: false, deleted: true, updatedAt: at }, $unset: { userName: '', userNameLower: '', displayName: '' } };
    case 'identity.user.role-granted':
      return { $set: { updatedAt: at }, $addToSet: { roles: (envelope.data as UserRoleGrantedV1).role } };
    case 'identity.user.role-revoked':
      return { $set: { updatedAt: at }, $pull: { roles: (envelope.data as UserRoleGrantedV1).role } };
    default:
      // Every event of the stream advances lastSequence, so the next one is no gap.
      return {};
  }
}
