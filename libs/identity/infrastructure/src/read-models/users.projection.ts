import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext } from '@plein/shared/projections';
import { identityUserTopic, type UserAttributesChangedV1, type UserManagerChangedV1, type UserManagerReferenceChangedV1, type UserProvisionedV1, type UserRoleGrantedV1 } from '@plein/identity/contracts';
import type { mongo } from 'mongoose';
import { isOwnEvent } from './own-stream';
import type { UserDocument } from './user-document';

type Update = mongo.UpdateFilter<UserDocument>;

/** Lower-cased copies of these attributes are stored beside them for exact case-insensitive lookups. */
const LOWERED: Readonly<Record<string, keyof UserDocument>> = { userName: 'userNameLower', email: 'emailLower' };
/** Personal data a tombstone drops. */
const PERSONAL: readonly (keyof UserDocument)[] = [
  'userName', 'userNameLower', 'externalId', 'email', 'emailLower', 'displayName', 'givenName', 'familyName',
  'employeeNumber', 'department', 'title', 'location', 'managementLevel', 'badges', 'managerId', 'managerReference', 'roles',
];

/**
 * The users read model: one document per user, applied strictly in stream order
 * (applyInSequence), every event of the stream included, timestamps from `occurredAt`, so a
 * rebuild produces the same documents as live updates. Fed twice, idempotently: right after each
 * append by the command bus (read-your-writes) and from Kafka (the safety net and rebuild path).
 */
export const usersProjection = defineProjection({
  name: 'users',
  version: 1,
  topics: [identityUserTopic.name],
  aggregateTypes: ['user'],
  async setup(ctx: MongoProjectionContext) {
    // One index per call (FerretDB 1.24 and multi-index createIndexes, see MongoEventStore.init).
    // userNameLower is not unique here: uniqueness is enforced by the user-name registry before
    // events are written, and a unique index would stall Kafka replays across renames.
    const keys: Record<string, 1>[] = [{ userNameLower: 1 }, { externalId: 1 }, { emailLower: 1 }, { managerId: 1, displayName: 1 }, { roles: 1, active: 1 }, { createdAt: 1 }, { managerReference: 1 }];
    for (const key of keys) await ctx.collection.createIndex(key);
  },
  async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
    if (!(await isOwnEvent(envelope, ctx))) return;
    await applyInSequence<UserDocument>(ctx.collection, envelope.aggregateId, envelope.sequence, userUpdate(envelope));
  },
});

/** The update one user event makes to the user's document (pure). */
export function userUpdate(envelope: EventEnvelope): Update {
  const at = new Date(envelope.occurredAt);
  switch (envelope.type) {
    case 'identity.user.provisioned': {
      const data = envelope.data as UserProvisionedV1;
      return { $set: { ...withLowered(data as unknown as Record<string, unknown>), active: true, deleted: false, createdAt: at, updatedAt: at } as Partial<UserDocument> };
    }
    case 'identity.user.attributes-changed': {
      const { changes } = envelope.data as UserAttributesChangedV1;
      const set: Record<string, unknown> = { updatedAt: at };
      const unset: Record<string, ''> = {};
      for (const [key, value] of Object.entries(withLowered(changes as Record<string, unknown>))) {
        if (value === null) unset[key] = '';
        else set[key] = value;
      }
      return Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
    }
    case 'identity.user.manager-changed':
      return { $set: { managerId: (envelope.data as UserManagerChangedV1).managerId, updatedAt: at } };
    case 'identity.user.manager-reference-changed':
      return { $set: { managerReference: (envelope.data as UserManagerReferenceChangedV1).reference, updatedAt: at } };
    case 'identity.user.deactivated':
      return { $set: { active: false, updatedAt: at } };
    case 'identity.user.reactivated':
      return { $set: { active: true, updatedAt: at } };
    case 'identity.user.deleted':
      return { $set: { active: false, deleted: true, updatedAt: at }, $unset: Object.fromEntries(PERSONAL.map((k) => [k, ''])) };
    case 'identity.user.role-granted':
      return { $set: { updatedAt: at }, $addToSet: { roles: (envelope.data as UserRoleGrantedV1).role } };
    case 'identity.user.role-revoked':
      return { $set: { updatedAt: at }, $pull: { roles: (envelope.data as UserRoleGrantedV1).role } };
    default:
      // A type this version does not know still advances lastSequence, so the next event is no gap.
      return {};
  }
}

function withLowered(values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  for (const [key, lowered] of Object.entries(LOWERED)) {
    if (key in values) out[lowered] = typeof values[key] === 'string' ? (values[key] as string).toLowerCase() : null;
  }
  return out;
}
