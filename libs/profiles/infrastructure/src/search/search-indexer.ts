import type { Client } from '@elastic/elasticsearch';
import { LANGUAGE_NAMES, type ProfileSearchRequest } from '@plein/profiles/application';
import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { profilesContracts, profilesProfileTopic, profilesTaxonomyTopic, profilesUpcasters } from '@plein/profiles/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';
import { PROFILES_INDEX_DEFINITION, type SynonymRule } from './index-definition';
import { ProfilesSearchIndex, type RebuildOptions, type RebuildReport, type SearchPage } from './profiles-search-index';
import { toSearchDocument, type SearchExpertise, type SkillLabels } from './search-document';
import { foldSearchSourceBatch, SearchSourceRaceError, SearchSourceStore, withExpertise, type SearchSourceDocument, type SearchSourceVersion } from './search-source';

/** Most expertise topics kept per person in the index. */
export const EXPERTISE_TOPICS_MAX = 20;

async function* nothing(): AsyncIterable<never> {}

/** Reads and writes of evidence before a lost race is given up (another writer keeps moving the person). */
const EXPERTISE_ATTEMPTS = 5;

/** Writes of a taken state whose document another writer's of the same revision beat, before giving up (the race error then). */
const COMMIT_ROUNDS = 3;

/** The strongest topics only: the document stays small and the boost is the maximum anyway. */
const strongest = (expertise: readonly SearchExpertise[]): SearchExpertise[] =>
  [...expertise].sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic)).slice(0, EXPERTISE_TOPICS_MAX)
    .map((e) => ({ topic: e.topic, score: e.score, explanation: e.explanation }));

/** A skills taxonomy term as search needs it (the shape of the application's TaxonomyReader terms). */
export interface SearchTaxonomyTerm {
  readonly termId: string;
  readonly labels: { readonly en: string; readonly nl: string };
  readonly synonyms: readonly string[];
}

export interface ProfilesSearchOptions {
  readonly elasticsearch: Client;
  /** ELASTICSEARCH_INDEX_PREFIX: `<prefix>profiles` (the search alias) and `<prefix>profiles-search-source-v1` (the source). */
  readonly indexPrefix?: string;
  /**
   * The skills taxonomy: term ids become their labels in the index, and each term with its labels
   * and synonyms becomes one synonym rule. Read when an index version is created and, for labels,
   * at most every `taxonomyCacheMs`.
   */
  readonly taxonomy: () => Promise<readonly SearchTaxonomyTerm[]>;
  /** Synonym rules besides the taxonomy's (e.g. language names: "frans" = "french"). */
  readonly extraSynonyms?: readonly SynonymRule[];
  readonly taxonomyCacheMs?: number;
  /** The expertise part's evidence per person (the rank boost and the "why"); or later with `useExpertise`. */
  readonly expertise?: SearchExpertiseReader;
  /** Make each write visible at once (tests); production relies on the 1 s refresh interval. */
  readonly refreshOnWrite?: boolean;
  /** A taxonomy change rebuilds the index this long after the last change (changes come in bursts). Default 10 s. */
  readonly taxonomyRebuildDelayMs?: number;
  /** A failed automatic rebuild is tried again after this long. Default 30 s. */
  readonly rebuildRetryMs?: number;
  readonly logger?: MessagingLogger;
  /**
   * Where the FerretDB search source of earlier versions may still be (`<service>_search_source_v1`,
   * before ADR 0029): dropped at start-up (`ensure`). It holds the personal data of every person,
   * deleted ones included, and nothing reads it any more.
   */
  readonly legacySource?: { readonly db: { dropCollection(name: string): Promise<unknown> }; readonly service: string };
}

/** The FerretDB collection the search source lived in before ADR 0029. */
export const legacySearchSourceCollection = (service: string): string => `${service}_search_source_v1`;

export interface SearchExpertiseReader {
  forPerson(userId: string): Promise<{ readonly computedAt: string; readonly topics: readonly { readonly topic: string; readonly score: number; readonly explanation: { readonly en: string } }[] }>;
}

/** Each language's Dutch, English and own names are one synonym rule ("frans" = "french"). */
export const languageSynonyms = (): SynonymRule[] => Object.values(LANGUAGE_NAMES).map(([term, ...synonyms]) => ({ term: term!, synonyms }));

/** Taxonomy terms → synonym rules: the term's id and labels and synonyms are one equivalence. */
export function taxonomySynonyms(terms: readonly SearchTaxonomyTerm[]): SynonymRule[] {
  return terms.map((t) => ({ term: t.labels.en, synonyms: [t.labels.nl, t.termId.replace(/-/g, ' '), ...t.synonyms] }));
}

/**
 * The profiles search, end to end: the search source (identity + profile events and expertise
 * evidence folded per person, an Elasticsearch index that only stores), the search index with
 * its versioned writes, searches and the blue-green rebuild. The Kafka consumer (`processor()`)
 * reads the people's states, folds the events in, and writes the states and the people's
 * documents at the new revisions in one request; the expertise part's notifications do the
 * same with evidence (`refreshExpertise`). No FerretDB on this path (ADR 0029).
 */
export class ProfilesSearch {
  readonly index: ProfilesSearchIndex;
  readonly source: SearchSourceStore;
  private labelsCache: { labels: SkillLabels; at: number } | null = null;
  private expertise: SearchExpertiseReader | undefined;
  /** The source consumer made by `processor()` (its lag tells a test or an operator it caught up). */
  consumer: EventProcessor | undefined;
  private rebuildTimer: NodeJS.Timeout | undefined;
  private rebuildRun: Promise<void> | undefined;
  private rebuildAgain = false;
  private stopRebuilds = new AbortController();

  constructor(private readonly options: ProfilesSearchOptions) {
    this.source = new SearchSourceStore(options.elasticsearch, options.indexPrefix);
    this.expertise = options.expertise;
    this.index = new ProfilesSearchIndex({
      client: options.elasticsearch,
      ...(options.indexPrefix ? { indexPrefix: options.indexPrefix } : {}),
      synonyms: async () => [...taxonomySynonyms(await options.taxonomy()), ...(options.extraSynonyms ?? [])],
    });
  }

  /**
   * Creates the search source and the first search index version if missing (idempotent). A
   * search index holding documents while the source is empty was filled before the source
   * existed (an installation indexed before ADR 0029) or lost its source (deleted for a rebuild
   * from the events): its documents' versions do not follow the source's revisions, so it is
   * replaced, blue-green, by an empty version (searches keep answering, with people coming back as
   * the consumer, from the beginning of the topics, catches up). An active version built from an
   * older index definition (`PROFILES_INDEX_DEFINITION`) gets a rebuild scheduled at once. The
   * FerretDB search source of earlier versions (`legacySource`) is dropped.
   */
  async ensure(options: Pick<RebuildOptions, 'dropDelayMs' | 'writerWaitMs'> = {}): Promise<void> {
    await this.source.ensure();
    await this.dropLegacySource();
    if ((await this.index.activeIndex()) && (await this.source.count()) === 0 && (await this.options.elasticsearch.count({ index: this.index.alias })).count > 0) {
      this.options.logger?.warn('profiles search index without a search source: replacing it with an empty version', { alias: this.index.alias });
      await this.index.rebuild(nothing(), options);
    }
    await this.index.ensure();
    // An active version of an older index definition (analysis, mappings) is rebuilt from the
    // source, blue-green, in the background: searches keep answering from the old one meanwhile.
    const definition = await this.index.activeDefinition();
    if (definition !== null && definition < PROFILES_INDEX_DEFINITION) {
      this.options.logger?.warn('profiles search index of an older definition: rebuilding it', { alias: this.index.alias, from: definition, to: PROFILES_INDEX_DEFINITION });
      this.scheduleRebuild(0);
    }
  }

  /**
   * Drops the search source of versions before ADR 0029 (a FerretDB collection) if it is still
   * there. Nothing reads it: the Elasticsearch source is folded from the events, not copied from
   * it, so it is useless whether or not the new source has caught up. Idempotent.
   */
  private async dropLegacySource(): Promise<void> {
    const legacy = this.options.legacySource;
    if (!legacy) return;
    const name = legacySearchSourceCollection(legacy.service);
    try {
      if ((await legacy.db.dropCollection(name)) === false) return;
      this.options.logger?.info('dropped the search source of earlier versions', { collection: name });
    } catch (error) {
      const { code, codeName } = error as { code?: number; codeName?: string };
      if (code !== 26 && codeName !== 'NamespaceNotFound') throw error;
    }
  }

  private async labels(): Promise<SkillLabels> {
    const now = Date.now();
    if (!this.labelsCache || now - this.labelsCache.at > (this.options.taxonomyCacheMs ?? 30_000)) {
      const byId = new Map((await this.options.taxonomy()).map((t) => [t.termId, [...new Set([t.labels.en, t.labels.nl])]] as const));
      this.labelsCache = { labels: (skill) => byId.get(skill) ?? [skill], at: now };
    }
    return this.labelsCache.labels;
  }

  /** A search, with the skill facet's values labelled from the taxonomy. */
  async search(request: ProfileSearchRequest): Promise<SearchPage> {
    const page = await this.index.search(request);
    const labels = await this.labels();
    return { ...page, facets: { ...page.facets, skill: page.facets.skill.map((bucket) => ({ ...bucket, labels: labels(bucket.value) })) } };
  }

  /** Writes the person's current source state to the index (a no-op when the index already holds it). */
  async reindexPerson(userId: string): Promise<'applied' | 'duplicate'> {
    const row = await this.source.get(userId);
    if (!row) return 'duplicate';
    return this.writeRow(row);
  }

  private async writeRow(row: SearchSourceDocument): Promise<'applied' | 'duplicate'> {
    if (row.revision < 1) return 'duplicate';
    const document = toSearchDocument(row, await this.labels());
    return this.index.write(row._id, row.revision, document, { refresh: this.options.refreshOnWrite ?? false });
  }

  /**
   * One identity or profile event (the consumer's per-event path, with its retries): the same as
   * a batch of one. A gap throws SequenceGapError, a lost race SearchSourceRaceError (both
   * retriable); a duplicate writes the person's document again (a request whose state write went
   * through and whose document write failed left the index behind; the redelivery repairs it).
   */
  async apply(envelope: EventEnvelope): Promise<void> {
    await this.applyBatch([envelope]);
  }

  /**
   * A Kafka batch of identity and profile events (the consumer's batch path), in two requests
   * whatever its size: one realtime `_mget` of the named people's states, the events folded per
   * person (foldSearchSourceBatch), then one `_bulk` of the new states (each only if still the
   * one read) and the people's documents (at the states' revisions as external versions).
   * Duplicates change nothing; people whose events were all duplicates get their document written
   * again (a no-op for the index when it holds that revision). A state another writer moved
   * after the read is refused (409): the others are written, then SearchSourceRaceError sends the
   * batch through the per-event path. A gap in a person's stream throws after the rest was written (the per-event
   * path then retries it).
   */
  async applyBatch(envelopes: readonly EventEnvelope[]): Promise<{ applied: number; duplicates: number }> {
    if (envelopes.length === 0) return { applied: 0, duplicates: 0 };
    const read = await this.source.read(envelopes.map((e) => e.aggregateId));
    const fold = foldSearchSourceBatch(new Map([...read].map(([userId, state]) => [userId, state.row])), envelopes);
    await this.commit(fold.changed, fold.unchanged, new Map([...read].map(([userId, state]) => [userId, state.at])));
    if (fold.gap) throw fold.gap;
    return { applied: fold.applied, duplicates: fold.duplicates };
  }

  /**
   * Writes the new states (each only if still the one read: `at`, compare-and-set) and the
   * people's documents (also those of `rewrite`) at the states' revisions, in ONE `_bulk` (one
   * request, one translog sync per index). A refused state (409: another writer changed the
   * person after the read) ends in SearchSourceRaceError naming the people, once the others are
   * written: the caller redoes them from a fresh read. The document of a refused state may have
   * got in, though (its revision above the winner's): the person's current state is then read and
   * written again above it. And a taken state whose document was refused (the index holds that
   * revision or a newer one: a refused writer's) is written again above the document's version.
   * So when this returns, each person's document is their current state (or another writer is
   * about to repair it, in its own commit).
   */
  private async commit(changed: readonly SearchSourceDocument[], rewrite: readonly SearchSourceDocument[], at: ReadonlyMap<string, SearchSourceVersion>): Promise<void> {
    const lost = new Set<string>();
    let states = changed;
    let rewrites = rewrite;
    let versions = at;
    for (let round = 1; states.length + rewrites.length > 0; round++) {
      const { refused, beaten, strays } = await this.writeOnce(states, rewrites, versions);
      for (const userId of refused) lost.add(userId);
      if (beaten.length + strays.length === 0) break;
      if (round >= COMMIT_ROUNDS) throw new SearchSourceRaceError([...beaten.map((b) => b.row._id), ...strays.map((row) => row._id)]);
      const next: SearchSourceDocument[] = [];
      const nextVersions = new Map<string, SearchSourceVersion>();
      if (beaten.length > 0) {
        const response = await this.options.elasticsearch.mget({ index: this.index.alias, ids: beaten.map((b) => b.row._id), _source: false, realtime: true });
        const indexed = new Map(response.docs.map((doc) => [doc._id, ('_version' in doc ? doc._version : undefined) ?? 0]));
        for (const b of beaten) {
          next.push({ ...b.row, revision: Math.max(b.row.revision, indexed.get(b.row._id) ?? 0) + 1 });
          nextVersions.set(b.row._id, b.at);
        }
      }
      if (strays.length > 0) {
        const current = await this.source.read(strays.map((row) => row._id));
        for (const stray of strays) {
          const state = current.get(stray._id);
          if (!state) continue;
          next.push({ ...state.row, revision: Math.max(state.row.revision, stray.revision) + 1 });
          nextVersions.set(stray._id, state.at);
        }
      }
      states = next;
      versions = nextVersions;
      rewrites = [];
    }
    if (lost.size > 0) throw new SearchSourceRaceError([...lost]);
  }

  private async writeOnce(
    states: readonly SearchSourceDocument[],
    rewrite: readonly SearchSourceDocument[],
    at: ReadonlyMap<string, SearchSourceVersion>,
  ): Promise<{ refused: Set<string>; beaten: { row: SearchSourceDocument; at: SearchSourceVersion }[]; strays: SearchSourceDocument[] }> {
    const labels = await this.labels();
    const targets = [this.index.alias, ...((await this.index.rebuilding()) ? [this.index.nextAlias] : [])];
    const rows = [...states, ...rewrite.filter((row) => row.revision >= 1)];
    const documents: { row: SearchSourceDocument; primary: boolean; remove: boolean; state: number }[] = [];
    const operations = this.source.operations(states, at);
    for (const target of targets) {
      for (const [i, row] of rows.entries()) {
        const document = toSearchDocument(row, labels);
        const meta = { _index: target, _id: row._id, version: row.revision, version_type: 'external' as const };
        // Through the aliases with require_alias: a write racing with the drop of a version fails instead of re-creating it.
        operations.push(...(document ? [{ index: { ...meta, require_alias: true } }, document] : [{ delete: meta }]));
        documents.push({ row, primary: target === this.index.alias, remove: !document, state: i < states.length ? i : -1 });
      }
    }
    // A deletion's tombstone is written under the hash: the live state under the id goes in the same
    // request, last (also when the tombstone's `create` is refused: then another writer wrote it).
    const dropped = this.source.dropOperations(states.filter((row) => row.deleted && at.get(row._id) && !at.get(row._id)?.erased).map((row) => row._id));
    operations.push(...dropped);
    const refused = new Set<string>();
    const beaten: { row: SearchSourceDocument; at: SearchSourceVersion }[] = [];
    const strays: SearchSourceDocument[] = [];
    if (operations.length === 0) return { refused, beaten, strays };
    const response = await this.options.elasticsearch.bulk({ operations, refresh: this.options.refreshOnWrite ?? false });
    const results = response.items.map((item) => Object.values(item)[0]!);
    if (!response.errors) return { refused, beaten, strays };
    results.slice(0, states.length).forEach((result, i) => {
      if (!result.error) return;
      if (result.status === 409) refused.add(states[i]!._id);
      else throw new Error(`search source write of ${states[i]!._id} failed: ${JSON.stringify(result.error)}`);
    });
    for (const result of results.slice(results.length - dropped.length)) {
      if (result.error && result.status !== 404) throw new Error(`search source: removing a deleted person's live state failed: ${JSON.stringify(result.error)}`);
    }
    results.slice(states.length, results.length - dropped.length).forEach((result, i) => {
      const { row, primary, remove, state } = documents[i]!;
      if (!result.error) {
        // The document of a refused state got in: it shows what the source does not hold.
        if (primary && state >= 0 && refused.has(row._id)) strays.push(row);
        return;
      }
      if (result.status === 409) {
        // The index holds this revision or a newer one: a rewrite already there, the version being
        // built got the copy first, a refused state's redo will follow; only a taken state must win.
        const written = state >= 0 ? results[state]! : undefined;
        if (primary && written && !written.error) beaten.push({ row, at: { seqNo: written._seq_no!, primaryTerm: written._primary_term!, ...(row.deleted ? { erased: true } : {}) } });
      } else if (!(result.status === 404 && (remove || !primary))) {
        // Deleting someone never indexed is done; the version being built may be gone already.
        throw new Error(`search index write of ${row._id} into ${primary ? this.index.alias : this.index.nextAlias} failed: ${JSON.stringify(result.error)}`);
      }
    });
    return { refused, beaten, strays };
  }

  /** New expertise evidence of a person (computed at `computedAt`), then their document. */
  async applyExpertise(userId: string, computedAt: string, expertise: readonly SearchExpertise[]): Promise<void> {
    await this.applyExpertiseMany([{ userId, computedAt, expertise }]);
  }

  /**
   * Reads the evidence of these people from the expertise part and applies it (its change
   * notifications call this). The English explanation is the one indexed.
   */
  async refreshExpertise(userIds: readonly string[]): Promise<void> {
    const reader = this.expertise;
    if (!reader) return;
    const entries: { userId: string; computedAt: string; expertise: SearchExpertise[] }[] = [];
    for (const userId of new Set(userIds)) {
      const standing = await reader.forPerson(userId);
      entries.push({ userId, computedAt: standing.computedAt, expertise: standing.topics.map((t) => ({ topic: t.topic, score: t.score, explanation: t.explanation.en })) });
    }
    await this.applyExpertiseMany(entries);
  }

  /**
   * Evidence for many people: one realtime `_mget` of their states, the changed evidence (newer
   * and different, the strongest topics; a deleted person's is dropped) as one `_bulk` of states
   * and documents. People whose state another writer moved meanwhile are read and
   * written again (a few times; then the race error is thrown).
   */
  async applyExpertiseMany(entries: readonly { readonly userId: string; readonly computedAt: string; readonly expertise: readonly SearchExpertise[] }[]): Promise<void> {
    let pending = [...new Map(entries.map((e) => [e.userId, { ...e, expertise: strongest(e.expertise) }])).values()];
    for (let attempt = 1; pending.length > 0; attempt++) {
      const read = await this.source.read(pending.map((e) => e.userId));
      const changed = pending.flatMap((e) => withExpertise(read.get(e.userId)?.row ?? null, e.userId, e.computedAt, e.expertise) ?? []);
      try {
        await this.commit(changed, [], new Map([...read].map(([userId, state]) => [userId, state.at])));
        return;
      } catch (error) {
        if (!(error instanceof SearchSourceRaceError) || attempt >= EXPERTISE_ATTEMPTS) throw error;
        const lost = new Set(error.userIds);
        pending = pending.filter((e) => lost.has(e.userId));
      }
    }
  }

  /** Blue-green rebuild of the index from the search source (synonyms and labels read afresh). */
  async rebuild(options: RebuildOptions = {}): Promise<RebuildReport> {
    this.labelsCache = null;
    const labels = await this.labels();
    const source = this.source;
    async function* documents() {
      for await (const row of source.all()) yield { userId: row._id, revision: row.revision, document: row.revision > 0 ? toSearchDocument(row, labels) : null };
    }
    return this.index.rebuild(documents(), options);
  }

  /**
   * Rebuilds the index soon (the taxonomy changed: its synonyms and labels live in the index).
   * Changes within `taxonomyRebuildDelayMs` share one rebuild; a change during a rebuild (which
   * has read the taxonomy already) gets another one after it; a failed rebuild (e.g. another
   * replica's is running) is tried again after `rebuildRetryMs`.
   */
  scheduleRebuild(delayMs = this.options.taxonomyRebuildDelayMs ?? 10_000): void {
    if (this.stopRebuilds.signal.aborted) return;
    if (this.rebuildRun) {
      this.rebuildAgain = true;
      return;
    }
    if (this.rebuildTimer) return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      const signal = this.stopRebuilds.signal;
      this.rebuildRun = this.rebuild({ signal })
        .then(
          (report) => {
            this.options.logger?.info('profiles search index rebuilt (taxonomy change or older index definition)', { from: report.from, to: report.to, copied: report.copied });
          },
          (error: unknown) => {
            if (signal.aborted) return;
            this.options.logger?.warn('profiles search rebuild failed; trying again', { reason: String(error) });
            this.rebuildAgain = true;
          },
        )
        .finally(() => {
          this.rebuildRun = undefined;
          if (this.rebuildAgain && !signal.aborted) {
            this.rebuildAgain = false;
            this.scheduleRebuild(this.options.rebuildRetryMs ?? 30_000);
          }
        });
    }, delayMs);
  }

  /** Cancels a scheduled rebuild and stops (rolls back) one in flight; scheduling works again afterwards. */
  async stopScheduledRebuilds(): Promise<void> {
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    this.rebuildAgain = false;
    this.stopRebuilds.abort();
    await this.rebuildRun;
    this.stopRebuilds = new AbortController();
  }

  /**
   * Takes the expertise part's evidence: re-indexes the people its change notifications name.
   * Returns the unsubscribe function.
   */
  useExpertise(reader: SearchExpertiseReader, changes: { subscribe(listener: (userIds: readonly string[]) => void): () => void }, onError: (error: unknown) => void): () => void {
    this.expertise = reader;
    return changes.subscribe((userIds) => {
      this.refreshExpertise(userIds).catch(onError);
    });
  }

  /**
   * Consumer group `profiles.search-source.v2`, from the beginning: identity user events and
   * profile edits (applied to the source and the index), taxonomy changes (a rebuild soon).
   */
  processor(options: { kafka: Kafka; service: string; topicPrefix?: string; logger?: MessagingLogger }): EventProcessor {
    const aggregateTypes = new Set(['user', 'profile']);
    const prefix = options.topicPrefix ?? '';
    this.consumer = new EventProcessor({
      kafka: options.kafka,
      service: options.service,
      processor: 'search-source.v2',
      topics: [prefixedTopicName(prefix, identityUserTopic.name), prefixedTopicName(prefix, profilesProfileTopic.name), prefixedTopicName(prefix, profilesTaxonomyTopic.name)],
      handlers: {},
      defaultHandler: async (envelope) => {
        if (aggregateTypes.has(envelope.aggregateType)) await this.apply(envelope);
        else if (envelope.aggregateType === 'taxonomy') this.scheduleRebuild();
      },
      // A partition's batch at once: one `_mget` of the states, one `_bulk` of states and documents
      // (a failure sends the batch through the per-event handler above, with its retries).
      batchHandler: async (envelopes) => {
        const people = envelopes.filter((e) => aggregateTypes.has(e.aggregateType));
        if (people.length > 0) await this.applyBatch(people);
        if (envelopes.some((e) => e.aggregateType === 'taxonomy')) this.scheduleRebuild();
      },
      registry: new ContractRegistry([...identityContracts, ...profilesContracts], [...identityUpcasters, ...profilesUpcasters]),
      fromBeginning: true,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return this.consumer;
  }
}
