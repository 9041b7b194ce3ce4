import type { Client } from '@elastic/elasticsearch';
import type { UserAttributesChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import type { ProfileEditedV1 } from '@plein/profiles/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { erasureKey } from '@plein/shared/event-store';
import { SequenceGapError } from '@plein/shared/projections';
import type { ProfileSearchSource, SearchExpertise } from './search-document';

/**
 * The search source `<prefix>profiles-search-source-v1`, an Elasticsearch index that only stores
 * (`enabled: false`: nothing analysed or searchable): per person, what the search index needs
 * from identity (directory record), from the person's own profile edits and from the expertise
 * part, folded from their events, with one sequence per source stream and a `revision` that
 * grows by one with every applied event and every evidence change (at least: a repaired write
 * skips ahead). The revision is the external version of the person's search document, so it
 * never goes back in time. A state is written only if it is still the one read (compare-and-set
 * on its sequence number, `create` for a new person): of two writers that read the same state,
 * the second gets a 409 (a lost race, redone from a fresh read). The blue-green rebuild copies
 * from here. Deleted people
 * stay as a tombstone (`deleted: true`, their sequences): a forgotten person would accept a
 * redelivered first event again. The tombstone's `_id` is `erasureKey(userId)` (a hash, as the
 * event store's erasure) and its `_source` holds no id: nothing in the index names the person,
 * yet whoever reads them by id finds the tombstone. ADR 0029 says why this is not a FerretDB collection.
 */
export const searchSourceIndexName = (indexPrefix = ''): string => `${indexPrefix}profiles-search-source-v1`;

export interface SearchSourceDocument extends ProfileSearchSource {
  /** The user id (the Elasticsearch `_id`; not stored in `_source`). */
  readonly _id: string;
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

type Update = { $set?: Record<string, unknown>; $unset?: Record<string, ''> };

/** The update an event makes, or `{}` for an event that changes nothing the search shows (it still advances the sequence and the revision). */
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
      return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
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
      return { ...(Object.keys($set).length > 0 ? { $set } : {}), ...(Object.keys($unset).length > 0 ? { $unset } : {}) };
    }
    case 'identity.user.deactivated':
      return { $set: { active: false } };
    case 'identity.user.reactivated':
      return { $set: { active: true } };
    case 'identity.user.deleted':
      return { $set: { deleted: true, active: false } };
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
      return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
    }
    default:
      return {};
  }
}

const sequenceFieldOf = (envelope: EventEnvelope): string => (envelope.type.startsWith('identity.') ? 'identitySequence' : 'profileSequence');

/**
 * The updates of consecutive events folded into one: later `$set`/`$unset` of a field win, the
 * revision is the caller's (one per applied event).
 */
export function foldSearchSourceUpdates(updates: readonly Update[]): Update {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const update of updates) {
    for (const [key, value] of Object.entries(update.$set ?? {})) {
      $set[key] = value;
      delete $unset[key];
    }
    for (const key of Object.keys(update.$unset ?? {})) {
      $unset[key] = '';
      delete $set[key];
    }
  }
  return {
    ...(Object.keys($set).length > 0 ? { $set } : {}),
    ...(Object.keys($unset).length > 0 ? { $unset } : {}),
  };
}

/** What MongoDB-style `$set`/`$unset` of top-level fields (as searchSourceUpdate makes them) make of `row`; the revision is the caller's. */
function applyInMemory(row: SearchSourceDocument, update: Update): SearchSourceDocument {
  const next: Record<string, unknown> = { ...row };
  for (const [key, value] of Object.entries(update.$set ?? {})) next[key] = value;
  for (const key of Object.keys(update.$unset ?? {})) delete next[key];
  return next as unknown as SearchSourceDocument;
}

/** A person's first state, before any event. */
export const emptySearchSource = (userId: string): SearchSourceDocument => ({ _id: userId, userId, revision: 0, active: false, deleted: false });

/** What a deleted person's state keeps: their id and where each stream stands (nothing personal). */
function tombstone(row: SearchSourceDocument): SearchSourceDocument {
  return {
    _id: row._id,
    userId: row.userId,
    revision: row.revision,
    active: false,
    deleted: true,
    ...(row.identitySequence !== undefined ? { identitySequence: row.identitySequence } : {}),
    ...(row.profileSequence !== undefined ? { profileSequence: row.profileSequence } : {}),
    ...(row.expertiseAt !== undefined ? { expertiseAt: row.expertiseAt } : {}),
  };
}

export interface SearchSourceFold {
  readonly applied: number;
  readonly duplicates: number;
  /** The new state of every person with an applied event (to write at its revision). */
  readonly changed: readonly SearchSourceDocument[];
  /** The stored state of every named person whose events were all duplicates (their document is written again: a crash between the state and the document is repaired by the redelivery). */
  readonly unchanged: readonly SearchSourceDocument[];
  /** The first missing event of a person's stream, when the batch skipped one (the events behind it wait). */
  readonly gap: SequenceGapError | null;
}

const sequenceOf = (row: SearchSourceDocument | null, field: string): number => ((row as Record<string, unknown> | null)?.[field] as number | undefined) ?? 0;

/**
 * Folds a batch of identity and profile events into the people's stored states (`stored`: what
 * the source holds, a person without state missing), per person and stream in sequence order:
 * events at or below the stored sequence (and copies inside the batch) are duplicates, a missing
 * sequence applies the contiguous part and reports the gap. Every applied event adds one to the
 * revision. Pure: the caller writes `changed` (conditional on the states read), the documents at
 * their revisions as external versions.
 */
export function foldSearchSourceBatch(stored: ReadonlyMap<string, SearchSourceDocument>, envelopes: readonly EventEnvelope[]): SearchSourceFold {
  const runs = new Map<string, Map<string, EventEnvelope[]>>();
  for (const envelope of envelopes) {
    if (!Number.isInteger(envelope.sequence) || envelope.sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${envelope.sequence}`);
    const field = sequenceFieldOf(envelope);
    let streams = runs.get(envelope.aggregateId);
    if (!streams) runs.set(envelope.aggregateId, (streams = new Map()));
    const list = streams.get(field);
    if (list) list.push(envelope);
    else streams.set(field, [envelope]);
  }
  const changed: SearchSourceDocument[] = [];
  const unchanged: SearchSourceDocument[] = [];
  let applied = 0;
  let waiting = 0;
  let gap: SequenceGapError | null = null;
  for (const [userId, streams] of runs) {
    const row = stored.get(userId) ?? null;
    const updates: Update[] = [];
    const sequences: Record<string, number> = {};
    let count = 0;
    for (const [field, events] of streams) {
      const known = sequenceOf(row, field);
      // One copy per sequence, in order, after what the state holds.
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
      updates.push(...contiguous.map(searchSourceUpdate));
      sequences[field] = contiguous[contiguous.length - 1]!.sequence;
      count += contiguous.length;
    }
    if (count === 0) {
      if (row) unchanged.push(row);
      continue;
    }
    applied += count;
    const folded = foldSearchSourceUpdates([...updates, { $set: { userId, ...sequences } }]);
    const base = row ?? emptySearchSource(userId);
    const next = { ...applyInMemory(base, folded), _id: userId, revision: base.revision + count };
    changed.push(next.deleted ? tombstone(next) : next);
  }
  return { applied, duplicates: envelopes.length - applied - waiting, changed, unchanged, gap };
}

/**
 * New expertise evidence of a person (computed at `computedAt`, the strongest topics) applied to
 * their state: null when it changes nothing (a deleted person, evidence not newer than what the
 * state holds, or the same topics: a repeated notification, decay alone).
 */
export function withExpertise(row: SearchSourceDocument | null, userId: string, computedAt: string, expertise: readonly SearchExpertise[]): SearchSourceDocument | null {
  if (row?.deleted) return null;
  if (row?.expertiseAt !== undefined && row.expertiseAt >= computedAt) return null;
  const topics = expertise.map((e) => ({ topic: e.topic, score: e.score, explanation: e.explanation }));
  if (row && JSON.stringify(row.expertise ?? []) === JSON.stringify(topics)) return null;
  const base = row ?? emptySearchSource(userId);
  return { ...base, expertise: topics, expertiseAt: computedAt, revision: base.revision + 1 };
}

/** A person's state moved between a read and the write computed from it (another writer): that write was refused, the work is redone from a fresh read. */
export class SearchSourceRaceError extends Error {
  readonly retriable = true;
  constructor(readonly userIds: readonly string[]) {
    super(`the search source of ${userIds.length} person(s) was changed meanwhile (${userIds.slice(0, 3).join(', ')}${userIds.length > 3 ? ', ...' : ''})`);
  }
}

/** Where a state was read (its sequence number and primary term): a write of a state computed from it is conditional on it. */
export interface SearchSourceVersion {
  readonly seqNo: number;
  readonly primaryTerm: number;
  /** Read from the tombstone (`_id` = erasureKey(userId)) rather than the live state. */
  readonly erased?: boolean;
}

export interface SearchSourceRead {
  readonly row: SearchSourceDocument;
  readonly at: SearchSourceVersion;
}

/** The search source index: realtime reads by id, compare-and-set writes. */
export class SearchSourceStore {
  readonly index: string;

  constructor(
    private readonly client: Client,
    indexPrefix = '',
  ) {
    this.index = searchSourceIndexName(indexPrefix);
  }

  /** Creates the index if missing (idempotent, safe between replicas). Stored only: nothing is analysed. */
  async ensure(): Promise<void> {
    if (await this.client.indices.exists({ index: this.index })) return;
    try {
      await this.client.indices.create({ index: this.index, settings: { number_of_shards: 1, auto_expand_replicas: '0-1' }, mappings: { enabled: false } });
    } catch (error) {
      if (!String((error as Error).message).includes('resource_already_exists')) throw error;
    }
  }

  /**
   * The states of these people with the version each was read at (one realtime `_mget`: a write
   * is seen at once, no refresh needed). People without a state are missing.
   */
  async read(userIds: readonly string[]): Promise<Map<string, SearchSourceRead>> {
    const states = new Map<string, SearchSourceRead>();
    if (userIds.length === 0) return states;
    const people = [...new Set(userIds)];
    const byKey = new Map(people.map((userId) => [erasureKey(userId), userId]));
    const response = await this.client.mget<Omit<SearchSourceDocument, '_id'>>({ index: this.index, ids: [...people, ...byKey.keys()], realtime: true });
    const stale: string[] = [];
    for (const doc of response.docs) {
      if ('error' in doc && doc.error) throw new Error(`search source read of ${doc._id} failed: ${JSON.stringify(doc.error)}`);
      if (!('found' in doc && doc.found && doc._source)) continue;
      const at = { seqNo: doc._seq_no!, primaryTerm: doc._primary_term! };
      const erasedId = byKey.get(doc._id);
      if (erasedId !== undefined) {
        // The tombstone wins over a live state left by a crash between the two writes (removed below).
        if (states.has(erasedId)) stale.push(erasedId);
        states.set(erasedId, { row: { ...doc._source, _id: erasedId, userId: erasedId }, at: { ...at, erased: true } });
      } else if (states.get(doc._id)?.at.erased) {
        stale.push(doc._id);
      } else {
        states.set(doc._id, { row: { ...doc._source, _id: doc._id }, at });
      }
    }
    if (stale.length > 0) await this.dropLive(stale);
    return states;
  }

  /** The states of these people (`read` without the versions). */
  async getMany(userIds: readonly string[]): Promise<SearchSourceDocument[]> {
    return [...(await this.read(userIds)).values()].map((state) => state.row);
  }

  async get(userId: string): Promise<SearchSourceDocument | null> {
    return (await this.getMany([userId]))[0] ?? null;
  }

  /**
   * The `_bulk` operations writing these states, each only if the state is still the one read
   * (`at`: compare-and-set on its sequence number; a person without one is created, only if still
   * missing). The caller sends them, with the people's documents, in one request. A 409 on one
   * means another writer changed the person after this one's read.
   */
  operations(rows: readonly SearchSourceDocument[], at: ReadonlyMap<string, SearchSourceVersion>): object[] {
    return rows.flatMap(({ _id, ...state }) => {
      const read = at.get(_id);
      if (state.deleted) {
        // A tombstone: under the hash, without the id (`dropLive` then removes the live state).
        const { userId: _userId, ...rest } = state;
        const key = erasureKey(_id);
        return [read?.erased ? { index: { _index: this.index, _id: key, if_seq_no: read.seqNo, if_primary_term: read.primaryTerm } } : { create: { _index: this.index, _id: key } }, rest];
      }
      return [read ? { index: { _index: this.index, _id, if_seq_no: read.seqNo, if_primary_term: read.primaryTerm } } : { create: { _index: this.index, _id } }, state];
    });
  }

  /** The `_bulk` operations removing these people's live states (see `dropLive`). */
  dropOperations(userIds: readonly string[]): object[] {
    return userIds.map((_id) => ({ delete: { _index: this.index, _id } }));
  }

  /**
   * Removes the live states of people whose tombstone is written (the second step of a deletion;
   * a crash between the two leaves a live state that the next read removes). Idempotent.
   */
  async dropLive(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const response = await this.client.bulk({ operations: this.dropOperations(userIds) });
    const failed = response.items.map((item) => Object.values(item)[0]!).find((r) => r.error && r.status !== 404);
    if (failed) throw new Error(`search source: removing a deleted person's live state failed: ${JSON.stringify(failed.error)}`);
  }

  /** How many people (tombstones included) the source holds, after a refresh. */
  async count(): Promise<number> {
    await this.client.indices.refresh({ index: this.index });
    return (await this.client.count({ index: this.index })).count;
  }

  /** Every person (the rebuild's input), in no particular order: refreshed first, so every write so far is in. */
  async *all(): AsyncIterable<SearchSourceDocument> {
    await this.client.indices.refresh({ index: this.index });
    let page = await this.client.search<Omit<SearchSourceDocument, '_id'>>({ index: this.index, scroll: '2m', size: 1_000, sort: ['_doc'], query: { match_all: {} } });
    try {
      while (page.hits.hits.length > 0) {
        // Tombstones (keyed by a hash, no id) have no place in a rebuilt index: skipped.
        for (const hit of page.hits.hits) if (hit._source && !hit._source.deleted) yield { ...hit._source, _id: hit._id! };
        page = await this.client.scroll<Omit<SearchSourceDocument, '_id'>>({ scroll_id: page._scroll_id!, scroll: '2m' });
      }
    } finally {
      if (page._scroll_id) await this.client.clearScroll({ scroll_id: page._scroll_id }).catch(() => undefined);
    }
  }
}
