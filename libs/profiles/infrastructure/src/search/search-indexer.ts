import type { Client } from '@elastic/elasticsearch';
import { LANGUAGE_NAMES, type ProfileSearchRequest } from '@plein/profiles/application';
import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { profilesContracts, profilesProfileTopic, profilesTaxonomyTopic, profilesUpcasters } from '@plein/profiles/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import type { SynonymRule } from './index-definition';
import { ProfilesSearchIndex, type RebuildOptions, type RebuildReport, type SearchPage } from './profiles-search-index';
import { toSearchDocument, type SearchExpertise, type SkillLabels } from './search-document';
import { SearchSourceRaceError, SearchSourceStore, type SearchSourceDocument } from './search-source';

/** Most expertise topics kept per person in the index. */
export const EXPERTISE_TOPICS_MAX = 20;

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
  readonly db: mongo.Db;
  /** SERVICE_NAME: the namespace of the source collection (`<svc>_search_source_v1`). Default `profiles`. */
  readonly service?: string;
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
}

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
 * The profiles search, end to end: the source read model (identity + profile events), the index
 * with its versioned writes, searches and the blue-green rebuild. The Kafka consumer
 * (`processor()`) applies each event to the source and then writes the person's document at the
 * source's revision; the expertise part calls `setExpertise`.
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
    this.source = new SearchSourceStore(options.db, options.service);
    this.expertise = options.expertise;
    this.index = new ProfilesSearchIndex({
      client: options.elasticsearch,
      ...(options.indexPrefix ? { indexPrefix: options.indexPrefix } : {}),
      synonyms: async () => [...taxonomySynonyms(await options.taxonomy()), ...(options.extraSynonyms ?? [])],
    });
  }

  /** Creates the first index version and the source's index if missing (idempotent). */
  async ensure(): Promise<void> {
    await this.index.ensure();
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
   * One identity or profile event: applied to the source (once), then the person's document is
   * written at the source's revision. Also on a duplicate: a crash between the two steps leaves
   * the index behind, and the redelivery brings it up to date.
   */
  async apply(envelope: EventEnvelope): Promise<void> {
    await this.source.apply(envelope);
    await this.reindexPerson(envelope.aggregateId);
  }

  /**
   * A Kafka batch of identity and profile events (the consumer's batch path): folded into the
   * source read model per person in one read and one bulk write, then ONE `_bulk` of
   * every named person's document at their source revision. Same outcome as `apply` event by
   * event: duplicates change nothing, and people whose events were all duplicates are written
   * again (a no-op for the index when it holds that revision). A gap in a person's stream
   * throws after the rest was written (the per-event path then retries it).
   */
  async applyBatch(envelopes: readonly EventEnvelope[]): Promise<{ applied: number; duplicates: number }> {
    const result = await this.source.applyBatch(envelopes);
    await this.writeRows(result.rows);
    if (result.gap) throw result.gap;
    return { applied: result.applied, duplicates: result.duplicates };
  }

  private async writeRows(rows: readonly SearchSourceDocument[]): Promise<void> {
    const live = rows.filter((row) => row.revision >= 1);
    if (live.length === 0) return;
    const labels = await this.labels();
    await this.index.writeMany(
      live.map((row) => ({ userId: row._id, revision: row.revision, document: toSearchDocument(row, labels) })),
      { refresh: this.options.refreshOnWrite ?? false },
    );
  }

  /** New expertise evidence of a person (computed at `computedAt`), then their document. */
  async applyExpertise(userId: string, computedAt: string, expertise: readonly SearchExpertise[]): Promise<void> {
    const top = strongest(expertise);
    const current = await this.source.get(userId);
    // Same evidence (a repeated notification, or decay alone): nothing to write.
    if (current && JSON.stringify(current.expertise ?? []) === JSON.stringify(top)) return;
    await this.source.applyExpertise(userId, computedAt, top);
    await this.reindexPerson(userId);
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
   * `applyExpertise` for many people: one read of their rows, one bulk write of the changed
   * evidence and ONE `_bulk` of their documents.
   */
  async applyExpertiseMany(entries: readonly { readonly userId: string; readonly computedAt: string; readonly expertise: readonly SearchExpertise[] }[]): Promise<void> {
    const latest = new Map(entries.map((e) => [e.userId, { ...e, expertise: strongest(e.expertise) }]));
    if (latest.size === 0) return;
    const current = new Map((await this.source.getMany([...latest.keys()])).map((row) => [row._id, row]));
    // Same evidence (a repeated notification, or decay alone): nothing to write.
    const changedEntries = [...latest.values()]
      .map((e) => ({ ...e, row: current.get(e.userId) ?? null }))
      .filter((e) => !e.row || JSON.stringify(e.row.expertise ?? []) !== JSON.stringify(e.expertise));
    if (changedEntries.length === 0) return;
    let rows: SearchSourceDocument[];
    try {
      rows = await this.source.applyExpertiseMany(changedEntries);
    } catch (error) {
      if (!(error instanceof SearchSourceRaceError)) throw error;
      // Another writer moved one of the rows meanwhile: one by one, each guarded on its own.
      for (const e of changedEntries) await this.applyExpertise(e.userId, e.computedAt, e.expertise);
      return;
    }
    await this.writeRows(rows);
  }

  /** Blue-green rebuild of the index from the source read model (synonyms and labels read afresh). */
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
            this.options.logger?.info('profiles search index rebuilt after a taxonomy change', { from: report.from, to: report.to, copied: report.copied });
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
   * Consumer group `profiles.search-source.v1`, from the beginning: identity user events and
   * profile edits (applied to the source and the index), taxonomy changes (a rebuild soon).
   */
  processor(options: { kafka: Kafka; service: string; topicPrefix?: string; logger?: MessagingLogger }): EventProcessor {
    const aggregateTypes = new Set(['user', 'profile']);
    const prefix = options.topicPrefix ?? '';
    this.consumer = new EventProcessor({
      kafka: options.kafka,
      service: options.service,
      processor: 'search-source.v1',
      topics: [prefixedTopicName(prefix, identityUserTopic.name), prefixedTopicName(prefix, profilesProfileTopic.name), prefixedTopicName(prefix, profilesTaxonomyTopic.name)],
      handlers: {},
      defaultHandler: async (envelope) => {
        if (aggregateTypes.has(envelope.aggregateType)) await this.apply(envelope);
        else if (envelope.aggregateType === 'taxonomy') this.scheduleRebuild();
      },
      // A partition's batch at once: one source read, one bulk write and one _bulk (a failure
      // sends the batch through the per-event handler above, with its retries).
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
