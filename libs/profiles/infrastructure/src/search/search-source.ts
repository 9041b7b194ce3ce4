import type { UserAttributesChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import type { ProfileEditedV1 } from '@plein/profiles/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import { applyInSequence, SequenceGapError, type GuardResult } from '@plein/shared/projections';
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

/**
 * The updates of consecutive events folded into one: later `$set`/`$unset` of a field win, the
 * revision grows by the number of events that changed something.
 */
export function foldSearchSourceUpdates(updates: readonly Update[]): Update {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  let revision = 0;
  for (const update of updates) {
    for (const [key, value] of Object.entries(update.$set ?? {})) {
      $set[key] = value;
      delete $unset[key];
    }
    for (const key of Object.keys(update.$unset ?? {})) {
      $unset[key] = '';
      delete $set[key];
    }
    revision += update.$inc?.['revision'] ?? 0;
  }
  return {
    ...(Object.keys($set).length > 0 ? { $set } : {}),
    ...(Object.keys($unset).length > 0 ? { $unset } : {}),
    ...(revision > 0 ? { $inc: { revision } } : {}),
  };
}

/** What MongoDB makes of `row` with this update ($set, $unset, $inc of top-level fields only, as searchSourceUpdate makes them). */
function applyInMemory(row: SearchSourceDocument, update: Update): SearchSourceDocument {
  const next: Record<string, unknown> = { ...row };
  for (const [key, value] of Object.entries(update.$set ?? {})) next[key] = value;
  for (const key of Object.keys(update.$unset ?? {})) delete next[key];
  for (const [key, n] of Object.entries(update.$inc ?? {})) next[key] = ((next[key] as number | undefined) ?? 0) + n;
  return next as unknown as SearchSourceDocument;
}

export interface SearchSourceBatchResult {
  readonly applied: number;
  readonly duplicates: number;
  /** The row of every person the batch named, as it now is (also where all was a duplicate: their document is written again, as after a crash between the source and the index). */
  readonly rows: readonly SearchSourceDocument[];
  /** The first missing event of a person's stream, when the batch skipped one (the events behind it wait). */
  readonly gap: SequenceGapError | null;
}

/** Thrown when a person's source row moved between the batch's read and its write (another consumer): the batch is handled again event by event. */
export class SearchSourceRaceError extends Error {
  readonly retriable = true;
}

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
   * Applies a batch of identity and profile events with the same per-event guarantees as
   * `apply`, in two round trips: one read of the people's rows, then one unordered bulk write
   * (an insert per new person, one update per known person with the events after each stored
   * stream sequence folded together). Events at or below the stored sequence are duplicates; a
   * missing sequence applies the contiguous part and reports the gap. The new rows are computed
   * from the rows read, so each update is guarded on the row's stream sequences AND its revision
   * (every change bumps it): when one does not match, or a new person was inserted meanwhile,
   * another writer moved the row and it throws SearchSourceRaceError (the event-by-event path
   * then redoes the batch idempotently). Returns every named person's row as it now is.
   */
  async applyBatch(envelopes: readonly EventEnvelope[]): Promise<SearchSourceBatchResult> {
    const runs = new Map<string, Map<string, EventEnvelope[]>>();
    for (const envelope of envelopes) {
      if (!Number.isInteger(envelope.sequence) || envelope.sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${envelope.sequence}`);
      const field = sequenceFieldOf(envelope);
      let streams = runs.get(envelope.aggregateId);
      if (!streams) runs.set(envelope.aggregateId, (streams = new Map()));
      streams.set(field, [...(streams.get(field) ?? []), envelope]);
    }
    if (runs.size === 0) return { applied: 0, duplicates: 0, rows: [], gap: null };
    const stored = new Map((await this.getMany([...runs.keys()])).map((row) => [row._id, row]));
    const operations: mongo.AnyBulkWriteOperation<SearchSourceDocument>[] = [];
    const rows: SearchSourceDocument[] = [];
    let applied = 0;
    let waiting = 0;
    let gap: SequenceGapError | null = null;
    for (const [userId, streams] of runs) {
      const row = stored.get(userId) ?? null;
      const filter: Record<string, unknown> = row ? { _id: userId, revision: row.revision } : { _id: userId };
      const updates: Update[] = [];
      for (const [field, events] of streams) {
        const known = ((row as Record<string, unknown> | null)?.[field] as number | undefined) ?? 0;
        // One copy per sequence, in order, after what the row holds.
        const fresh = [...new Map([...events].sort((a, b) => a.sequence - b.sequence).map((e) => [e.sequence, e])).values()].filter((e) => e.sequence > known);
        if (fresh.length === 0) continue;
        if (fresh[0]!.sequence !== known + 1) {
          gap ??= new SequenceGapError(userId, known + 1, fresh[0]!.sequence);
          waiting += fresh.length;
          continue;
        }
        const end = fresh.findIndex((e, i) => i > 0 && e.sequence !== fresh[i - 1]!.sequence + 1);
        const contiguous = end === -1 ? fresh : fresh.slice(0, end);
        if (end !== -1) {
          gap ??= new SequenceGapError(userId, contiguous[contiguous.length - 1]!.sequence + 1, fresh[end]!.sequence);
          waiting += fresh.length - end;
        }
        updates.push(...contiguous.map(searchSourceUpdate), { $set: { [field]: contiguous[contiguous.length - 1]!.sequence } });
        filter[field] = known === 0 ? { $exists: false } : known;
        applied += contiguous.length;
      }
      if (updates.length === 0) {
        if (row) rows.push(row);
        continue;
      }
      const folded = foldSearchSourceUpdates([...updates, { $set: { userId } }]);
      const next = applyInMemory(row ?? ({ _id: userId, revision: 0, active: false, deleted: false } as SearchSourceDocument), folded);
      rows.push(next);
      operations.push(row ? { updateOne: { filter: filter as mongo.Filter<SearchSourceDocument>, update: folded as mongo.UpdateFilter<SearchSourceDocument> } } : { insertOne: { document: next } });
    }
    await this.bulkGuarded(operations);
    return { applied, duplicates: envelopes.length - applied - waiting, rows, gap };
  }

  /** One unordered bulk write whose every operation must take effect (else SearchSourceRaceError). */
  private async bulkGuarded(operations: readonly mongo.AnyBulkWriteOperation<SearchSourceDocument>[]): Promise<void> {
    if (operations.length === 0) return;
    let result: mongo.BulkWriteResult;
    try {
      result = await this.collection.bulkWrite([...operations], { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
      if (isDuplicateKeyError(error) || (Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => isDuplicateKeyError(e)))) {
        throw new SearchSourceRaceError('a person of the batch was created meanwhile');
      }
      throw error;
    }
    if (result.insertedCount + result.matchedCount < operations.length) throw new SearchSourceRaceError('a person of the batch was changed meanwhile');
  }

  /** The rows of these people (one read). */
  async getMany(userIds: readonly string[]): Promise<SearchSourceDocument[]> {
    if (userIds.length === 0) return [];
    return this.collection.find({ _id: { $in: [...userIds] } }).toArray();
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

  /**
   * `applyExpertise` for many people whose rows the caller has just read (`rows`, null for a
   * person without one): one unordered bulk write, an update guarded on the row's revision per
   * known person, an insert per new one; evidence not newer than the row's is skipped. Returns
   * the rows as they now are, or throws SearchSourceRaceError when another writer moved one of
   * them meanwhile (nothing of that person was written; `applyExpertise` one by one is safe then).
   */
  async applyExpertiseMany(entries: readonly { readonly userId: string; readonly computedAt: string; readonly expertise: readonly SearchExpertise[]; readonly row: SearchSourceDocument | null }[]): Promise<SearchSourceDocument[]> {
    const operations: mongo.AnyBulkWriteOperation<SearchSourceDocument>[] = [];
    const rows: SearchSourceDocument[] = [];
    for (const { userId, computedAt, expertise, row } of entries) {
      if (row?.expertiseAt !== undefined && row.expertiseAt >= computedAt) continue;
      const topics = expertise.map((e) => ({ topic: e.topic, score: e.score, explanation: e.explanation }));
      const update: Update = { $set: { userId, expertise: topics, expertiseAt: computedAt }, $inc: { revision: 1 } };
      const next = applyInMemory(row ?? ({ _id: userId, revision: 0, active: false, deleted: false } as SearchSourceDocument), update);
      rows.push(next);
      operations.push(row ? { updateOne: { filter: { _id: userId, revision: row.revision }, update: update as mongo.UpdateFilter<SearchSourceDocument> } } : { insertOne: { document: next } });
    }
    await this.bulkGuarded(operations);
    return rows;
  }

  get(userId: string): Promise<SearchSourceDocument | null> {
    return this.collection.findOne({ _id: userId });
  }

  /** Every person, by id (the rebuild's input). */
  all(): AsyncIterable<SearchSourceDocument> {
    return this.collection.find({}).sort({ _id: 1 });
  }
}
