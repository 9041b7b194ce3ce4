import type { UserAttributesChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import type { ProfileEditedV1 } from '@plein/profiles/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import { applyInSequence, type GuardResult } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import type { ProfileSearchSource, SearchExpertise } from './search-document';

/**
 * The search source read model `<svc>_search_source_v1` (`profiles_search_source_v1`): per person, what the search index
 * needs from identity (directory record) and from the person's own profile edits, folded from
 * their events, with one sequence per source stream (applyInSequence's `sequenceField`) and a
 * `revision` that grows by one with every applied event. The revision is the external version
 * of the person's search document, so the index never goes back in time, and the blue-green
 * rebuild copies from here. Deleted people stay as a tombstone (`deleted: true`): a deleted
 * document would accept a redelivered first event again.
 */
export const searchSourceCollectionName = (service: string): string => `${service}_search_source_v1`;

export interface SearchSourceDocument extends ProfileSearchSource {
  readonly _id: string;
  readonly lastSequence: number;
  readonly identitySequence?: number;
  readonly profileSequence?: number;
  /** `computedAt` of the expertise evidence held. */
  readonly expertiseAt?: string;
}

/** The identity and profile event types the search reads. */
export const SEARCH_SOURCE_EVENT_TYPES = [
  'identity.user.provisioned',
  'identity.user.attributes-changed',
  'identity.user.manager-changed',
  'identity.user.deactivated',
  'identity.user.reactivated',
  'identity.user.deleted',
  'identity.user.role-granted',
  'identity.user.role-revoked',
  'profiles.profile.edited',
] as const;

const DIRECTORY_FIELDS = ['displayName', 'title', 'department', 'location', 'managementLevel'] as const;

type Update = { $set?: Record<string, unknown>; $unset?: Record<string, ''>; $inc?: Record<string, number> };

const changed = (update: Update): Update => ({ ...update, $inc: { revision: 1 } });

/** The update an event makes, or `{}` for an event that changes nothing the search shows (it still advances the sequence). */
export function searchSourceUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'identity.user.provisioned': {
      const data = envelope.data as UserProvisionedV1;
      const $set: Record<string, unknown> = { userId: envelope.aggregateId, active: true, deleted: false };
      const $unset: Record<string, ''> = {};
      for (const field of DIRECTORY_FIELDS) {
        if (data[field] !== undefined) $set[field] = data[field];
        else $unset[field] = '';
      }
      return changed(Object.keys($unset).length > 0 ? { $set, $unset } : { $set });
    }
    case 'identity.user.attributes-changed': {
      const changes = (envelope.data as UserAttributesChangedV1).changes as Record<string, unknown>;
      const $set: Record<string, unknown> = {};
      const $unset: Record<string, ''> = {};
      for (const field of DIRECTORY_FIELDS) {
        if (!(field in changes)) continue;
        if (changes[field] === null) $unset[field] = '';
        else $set[field] = changes[field];
      }
      if (Object.keys($set).length === 0 && Object.keys($unset).length === 0) return {};
      return changed({ ...(Object.keys($set).length > 0 ? { $set } : {}), ...(Object.keys($unset).length > 0 ? { $unset } : {}) });
    }
    case 'identity.user.deactivated':
      return changed({ $set: { active: false } });
    case 'identity.user.reactivated':
      return changed({ $set: { active: true } });
    case 'identity.user.deleted':
      return changed({ $set: { deleted: true, active: false } });
    case 'profiles.profile.edited': {
      const changes = (envelope.data as ProfileEditedV1).changes;
      const $set: Record<string, unknown> = { userId: envelope.aggregateId };
      const $unset: Record<string, ''> = {};
      if (changes.skills) $set['skills'] = changes.skills;
      if (changes.languages) $set['languages'] = changes.languages;
      if (changes.askMeAbout) $set['askMeAbout'] = changes.askMeAbout;
      if (changes.bio !== undefined) {
        if (changes.bio === null) $unset['bio'] = '';
        else $set['bio'] = changes.bio;
      }
      if (Object.keys($set).length === 1 && Object.keys($unset).length === 0) return {};
      return changed(Object.keys($unset).length > 0 ? { $set, $unset } : { $set });
    }
    default:
      return {};
  }
}

const sequenceFieldOf = (envelope: EventEnvelope): string => (envelope.type.startsWith('identity.') ? 'identitySequence' : 'profileSequence');

export class SearchSourceStore {
  readonly collection: mongo.Collection<SearchSourceDocument>;

  constructor(db: mongo.Db, service = 'profiles') {
    this.collection = db.collection<SearchSourceDocument>(searchSourceCollectionName(service));
  }

  /** Applies one identity or profile event (idempotent: a redelivered event is a duplicate). */
  async apply(envelope: EventEnvelope): Promise<GuardResult> {
    const update = searchSourceUpdate(envelope);
    const $set = { ...update.$set, userId: envelope.aggregateId };
    // Defaults of a person's first event; $setOnInsert must not touch a path the update sets.
    const $setOnInsert = Object.fromEntries(Object.entries({ revision: 0, active: false, deleted: false }).filter(([key]) => !(key in $set) && !(key in (update.$inc ?? {}))));
    const withDefaults = { ...update, $set, $setOnInsert };
    return applyInSequence(this.collection, envelope.aggregateId, envelope.sequence, withDefaults as mongo.UpdateFilter<SearchSourceDocument>, { sequenceField: sequenceFieldOf(envelope) });
  }

  /**
   * The expertise evidence of a person (the expertise part's reader), computed at `computedAt`:
   * applied only when newer than what the source holds, so a repeated or late notification
   * changes nothing (and does not bump the revision).
   */
  async applyExpertise(userId: string, computedAt: string, expertise: readonly SearchExpertise[]): Promise<GuardResult> {
    const topics = expertise.map((e) => ({ topic: e.topic, score: e.score, explanation: e.explanation }));
    try {
      const result = await this.collection.updateOne(
        { _id: userId, $or: [{ expertiseAt: { $exists: false } }, { expertiseAt: { $lt: computedAt } }] } as mongo.Filter<SearchSourceDocument>,
        { $set: { userId, expertise: topics, expertiseAt: computedAt }, $inc: { revision: 1 }, $setOnInsert: { active: false, deleted: false } } as mongo.UpdateFilter<SearchSourceDocument>,
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0 ? 'applied' : 'duplicate';
    } catch (error) {
      // The person exists with newer evidence: the upsert tried to insert the same id.
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  get(userId: string): Promise<SearchSourceDocument | null> {
    return this.collection.findOne({ _id: userId });
  }

  /** Every person, by id (the rebuild's input). */
  all(): AsyncIterable<SearchSourceDocument> {
    return this.collection.find({}).sort({ _id: 1 });
  }
}
