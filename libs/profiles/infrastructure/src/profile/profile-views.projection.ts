import type { UserAttributesChangedV1, UserManagerChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import type { ProfileEditedV1, ProfileFields } from '@plein/profiles/contracts';
import type { ProfileView } from '@plein/profiles/application';
import { erasureKey } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type SequencedDocument, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * One person as profiles shows them: identity's directory data (identity.user.*) and their own
 * profile fields (profiles.profile.edited), one document per user id. The two streams keep their
 * own sequence (`identitySequence`, `profileSequence`), so redelivered events of either are no-ops.
 * A deleted person leaves no document: only a marker in `<collection>_erased` keyed by
 * erasureKey(userId) (a hash: no id, no name), which keeps redelivered or late events from
 * bringing them back.
 */
export interface ProfileViewDocument extends Partial<ProfileFields> {
  _id: string;
  identitySequence?: number;
  profileSequence?: number;
  active?: boolean;
  userName?: string;
  displayName?: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  title?: string;
  department?: string;
  location?: string;
  managementLevel?: ProfileView['managementLevel'];
  managerId?: string | null;
  updatedAt?: string;
}

export interface ErasedPersonDocument {
  /** erasureKey(userId). */
  _id: string;
  erasedAt: string;
}

/** Directory attributes profiles keeps (not the employee number, external id or badges). */
const DIRECTORY_FIELDS = ['userName', 'displayName', 'email', 'givenName', 'familyName', 'title', 'department', 'location', 'managementLevel'] as const;

/** The update one identity event makes (applied in the identity stream's sequence). */
export function identityUpdate(envelope: EventEnvelope): mongo.UpdateFilter<ProfileViewDocument> {
  const at = envelope.occurredAt;
  switch (envelope.type) {
    case 'identity.user.provisioned': {
      const d = envelope.data as UserProvisionedV1;
      const set: Record<string, unknown> = { active: true, managerId: d.managerId, updatedAt: at };
      for (const field of DIRECTORY_FIELDS) if (d[field] !== undefined) set[field] = d[field];
      return { $set: set };
    }
    case 'identity.user.attributes-changed': {
      const { changes } = envelope.data as UserAttributesChangedV1;
      const set: Record<string, unknown> = { updatedAt: at };
      const unset: Record<string, ''> = {};
      for (const field of DIRECTORY_FIELDS) {
        const value = (changes as Record<string, unknown>)[field];
        if (value === null) unset[field] = '';
        else if (value !== undefined) set[field] = value;
      }
      return Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set };
    }
    case 'identity.user.manager-changed':
      return { $set: { managerId: (envelope.data as UserManagerChangedV1).managerId, updatedAt: at } };
    case 'identity.user.deactivated':
      return { $set: { active: false, updatedAt: at } };
    case 'identity.user.reactivated':
      return { $set: { active: true, updatedAt: at } };
    default:
      // Every event of the stream advances the sequence, so the next one is no gap.
      return {};
  }
}

/** The update one profile event makes (applied in the profile stream's sequence). */
export function profileUpdate(envelope: EventEnvelope): mongo.UpdateFilter<ProfileViewDocument> {
  if (envelope.type !== 'profiles.profile.edited') return {};
  return { $set: { ...(envelope.data as ProfileEditedV1).changes, updatedAt: envelope.occurredAt } };
}

export const erasedCollectionOf = (collection: mongo.Collection<ProfileViewDocument>): mongo.Collection<ErasedPersonDocument> =>
  collection.db.collection<ErasedPersonDocument>(`${collection.collectionName}_erased`);

/**
 * Applies one identity or profile event to the person's document; idempotent and deterministic
 * (times from `occurredAt`). The same function serves the Kafka consumer, rebuilds and the HTTP
 * read-your-writes path. `identity.user.deleted` erases the document (marker first, then delete);
 * any write that raced it is removed again by the check after it.
 */
export async function applyProfileViewEvent(collection: mongo.Collection<ProfileViewDocument>, envelope: EventEnvelope): Promise<void> {
  const erased = erasedCollectionOf(collection);
  const userId = envelope.aggregateId;
  const marker = erasureKey(userId);
  if (envelope.type === 'identity.user.deleted') {
    await erased.updateOne({ _id: marker }, { $setOnInsert: { erasedAt: envelope.occurredAt } }, { upsert: true });
    await collection.deleteOne({ _id: userId });
    return;
  }
  if (await erased.findOne({ _id: marker }, { projection: { _id: 1 } })) return;
  const fromIdentity = envelope.aggregateType === 'user';
  const sequenced = collection as unknown as mongo.Collection<SequencedDocument>;
  await applyInSequence(sequenced, userId, envelope.sequence, (fromIdentity ? identityUpdate(envelope) : profileUpdate(envelope)) as mongo.UpdateFilter<SequencedDocument>, {
    sequenceField: fromIdentity ? 'identitySequence' : 'profileSequence',
  });
  if (await erased.findOne({ _id: marker }, { projection: { _id: 1 } })) await collection.deleteOne({ _id: userId });
}

export const profileViewsProjection = (topics: { identityUser: string; profile: string }, version: number): ProjectionDefinition<'mongo'> =>
  defineProjection({
    name: 'profile-views',
    version,
    topics: [topics.identityUser, topics.profile],
    aggregateTypes: ['user', 'profile'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ managerId: 1 });
      await ctx.collection.createIndex({ active: 1, _id: 1 });
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyProfileViewEvent(ctx.collection, envelope);
    },
  });

/** The view of a document, or null when identity has not provisioned the person (yet). */
export function toProfileView(doc: ProfileViewDocument | null): ProfileView | null {
  if (!doc || doc.identitySequence === undefined || !doc.userName || !doc.displayName) return null;
  return {
    userId: doc._id,
    active: doc.active !== false,
    userName: doc.userName,
    displayName: doc.displayName,
    ...(doc.email ? { email: doc.email } : {}),
    ...(doc.givenName ? { givenName: doc.givenName } : {}),
    ...(doc.familyName ? { familyName: doc.familyName } : {}),
    ...(doc.title ? { title: doc.title } : {}),
    ...(doc.department ? { department: doc.department } : {}),
    ...(doc.location ? { location: doc.location } : {}),
    managementLevel: doc.managementLevel ?? 'employee',
    managerId: doc.managerId ?? null,
    skills: doc.skills ?? [],
    languages: doc.languages ?? [],
    interests: doc.interests ?? [],
    askMeAbout: doc.askMeAbout ?? [],
    experience: doc.experience ?? [],
    bio: doc.bio ?? null,
    photoUrl: doc.photoUrl ?? null,
    profileVersion: doc.profileSequence ?? 0,
    updatedAt: doc.updatedAt ?? '',
  };
}
