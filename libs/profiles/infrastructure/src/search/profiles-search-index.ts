import { errors, type Client } from '@elastic/elasticsearch';
import { PleinError } from '@plein/shared/kernel';
import { encodeSearchCursor, queryFingerprint, type ProfileSearchRequest } from '@plein/profiles/application';
import { profilesIndexDefinition, type SynonymRule } from './index-definition';
import { buildSearchBody, HIGHLIGHTED_FIELDS, SEARCH_FACETS, type SearchFacetName } from './search-body';
import type { ProfileSearchDocument, SearchExpertise } from './search-document';

/** The alias readers query; versions are `<alias>-v<N>` (docs/projections.md naming). */
export const PROFILES_SEARCH_BASE = 'profiles';

export interface ProfilesSearchIndexOptions {
  readonly client: Client;
  /** ELASTICSEARCH_INDEX_PREFIX: `<prefix>profiles`, `<prefix>profiles-v<N>`. */
  readonly indexPrefix?: string;
  /** The synonym rules a new index version is created with (the skills taxonomy). */
  readonly synonyms: () => Promise<readonly SynonymRule[]>;
}

export interface SearchHitView {
  readonly userId: string;
  readonly name: string;
  readonly title?: string;
  readonly department?: string;
  readonly location?: string;
  readonly managementLevel?: string;
  readonly skills: readonly string[];
  readonly languages: readonly { readonly code: string; readonly level: string }[];
  readonly askMeAbout: readonly string[];
  readonly score: number;
  /** Why this person matched: base field → highlighted fragments (HTML-escaped, `<em>` marks). */
  readonly highlights: Readonly<Record<string, readonly string[]>>;
  /** Evidence summary: the expertise topics behind the match, strongest first. */
  readonly why: { readonly matchedFields: readonly string[]; readonly expertise: readonly SearchExpertise[] };
}

export interface SearchPage {
  readonly items: readonly SearchHitView[];
  /** Matching people (exact up to 10,000; `totalIsLowerBound` above). */
  readonly total: number;
  readonly totalIsLowerBound: boolean;
  /** Per facet, values with counts; skill values also carry their display `labels` (taxonomy terms: English, Dutch). */
  readonly facets: Readonly<Record<SearchFacetName, readonly { readonly value: string; readonly count: number; readonly labels?: readonly string[] }[]>>;
  /** The words searched after question words were dropped, and languages a question asked for. */
  readonly interpreted: { readonly text: string; readonly languages: readonly string[] };
  readonly nextCursor: string | null;
}

/** The index is not there yet (the search processor has not created it): 503, try again. */
export class SearchUnavailableError extends PleinError {
  readonly code = 'PROFILES.SEARCH_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
}

const VERSION_SUFFIX = /-v(\d+)$/;
const isStatus = (error: unknown, status: number): boolean => error instanceof errors.ResponseError && error.statusCode === status;
const isAlreadyExists = (error: unknown): boolean => error instanceof errors.ResponseError && error.statusCode === 400 && String(error.message).includes('resource_already_exists');

/**
 * The profiles search index behind its alias: creation, versioned writes, searches and the
 * blue-green rebuild. Writes go through the aliases with `require_alias` (never to a concrete
 * index name), so a write racing with the drop of an old version fails instead of re-creating it:
 * `<alias>` (the version readers use) and, while a rebuild runs, `<alias>-next` (the version
 * being built). Every write carries the person's source revision as external version: a
 * redelivered or late event never overwrites newer data, whichever copy it reaches first.
 */
export class ProfilesSearchIndex {
  readonly alias: string;
  readonly nextAlias: string;
  private readonly client: Client;
  private nextAliasCache: { exists: boolean; at: number } | null = null;
  /** How long a writer trusts its knowledge of whether a rebuild runs; the rebuild waits twice that. */
  static readonly NEXT_ALIAS_TTL_MS = 1_000;

  constructor(private readonly options: ProfilesSearchIndexOptions) {
    this.client = options.client;
    this.alias = `${options.indexPrefix ?? ''}${PROFILES_SEARCH_BASE}`;
    this.nextAlias = `${this.alias}-next`;
  }

  indexName(version: number): string {
    return `${this.alias}-v${version}`;
  }

  /** Versions that exist (any state), ascending. */
  async versions(): Promise<number[]> {
    const found = await this.client.indices.get({ index: `${this.alias}-v*`, expand_wildcards: ['open', 'closed'] }, { ignore: [404] });
    return Object.keys(found ?? {})
      .filter((name) => name.startsWith(`${this.alias}-v`))
      .map((name) => Number(VERSION_SUFFIX.exec(name)?.[1]))
      .filter((n) => Number.isInteger(n) && n > 0)
      .sort((a, b) => a - b);
  }

  /** The index behind the read alias, or null before the first start. */
  async activeIndex(): Promise<string | null> {
    if (!(await this.client.indices.existsAlias({ name: this.alias }))) return null;
    const holders = Object.keys(await this.client.indices.getAlias({ name: this.alias }));
    return holders[0] ?? null;
  }

  /** The definition (`_meta.definition`, 1 when absent) of the active version; `null` without one. */
  async activeDefinition(): Promise<number | null> {
    const index = await this.activeIndex();
    if (!index) return null;
    const mapping = await this.client.indices.getMapping({ index });
    const definition = (mapping[index]?.mappings as { _meta?: { definition?: unknown } } | undefined)?._meta?.definition;
    return typeof definition === 'number' ? definition : 1;
  }

  /** First start: creates `<alias>-v1` (or the next free version) and points the alias at it. Idempotent, safe between replicas. */
  async ensure(): Promise<void> {
    if (await this.activeIndex()) return;
    const version = ((await this.versions()).at(-1) ?? 0) + 1;
    const index = this.indexName(version);
    await this.create(index);
    try {
      await this.client.indices.updateAliases({ actions: [{ add: { index, alias: this.alias, is_write_index: true } }] });
    } catch (error) {
      if (!(await this.activeIndex())) throw error;
    }
    if ((await this.activeIndex()) !== index) await this.client.indices.delete({ index }, { ignore: [404] });
  }

  /** Creates the index version; `true` when this call created it, `false` when it existed. */
  private async create(index: string): Promise<boolean> {
    const definition = profilesIndexDefinition(await this.options.synonyms());
    try {
      await this.client.indices.create({ index, settings: definition.settings, mappings: definition.mappings });
      return true;
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      return false;
    }
  }

  /** Whether a rebuild runs (`<alias>-next` exists; cached `NEXT_ALIAS_TTL_MS`): writes go to both versions then. */
  async rebuilding(): Promise<boolean> {
    const now = Date.now();
    if (!this.nextAliasCache || now - this.nextAliasCache.at > ProfilesSearchIndex.NEXT_ALIAS_TTL_MS) {
      this.nextAliasCache = { exists: await this.client.indices.existsAlias({ name: this.nextAlias }), at: now };
    }
    return this.nextAliasCache.exists;
  }

  /**
   * Writes the person's document (or removes them: `null`) at `revision`, to the active version
   * and the version being built. `applied` when the active version took it, `duplicate` when it
   * already held this or a newer revision.
   */
  async write(userId: string, revision: number, document: ProfileSearchDocument | null, options: { refresh?: boolean } = {}): Promise<'applied' | 'duplicate'> {
    const targets = [this.alias, ...((await this.rebuilding()) ? [this.nextAlias] : [])];
    let result: 'applied' | 'duplicate' = 'applied';
    for (const target of targets) {
      const primary = target === this.alias;
      try {
        if (document) {
          await this.client.index({ index: target, id: userId, version: revision, version_type: 'external', document, require_alias: true, refresh: options.refresh ?? false });
        } else {
          await this.client.delete({ index: target, id: userId, version: revision, version_type: 'external', refresh: options.refresh ?? false });
        }
      } catch (error) {
        if (isStatus(error, 409)) {
          if (primary) result = 'duplicate';
        } else if (isStatus(error, 404) && (!document || !primary)) {
          // Deleting someone never indexed is done; the version being built may be gone already.
        } else {
          throw error;
        }
      }
    }
    return result;
  }

  /** Runs a raw search body against the read alias (benchmarks, diagnostics). */
  async rawSearch(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await this.client.search({ index: this.alias, ...body })) as unknown as Record<string, unknown>;
  }

  async search(request: ProfileSearchRequest): Promise<SearchPage> {
    const built = buildSearchBody(request);
    let response: Awaited<ReturnType<typeof this.client.search<ProfileSearchDocument>>>;
    try {
      response = await this.client.search<ProfileSearchDocument>({ index: this.alias, ...built.body });
    } catch (error) {
      if (isStatus(error, 404)) throw new SearchUnavailableError('the search index is not ready yet; try again shortly');
      throw error;
    }
    const hits = response.hits.hits;
    const items: SearchHitView[] = hits.map((hit) => {
      const doc = hit._source!;
      const highlights: Record<string, string[]> = {};
      for (const [field, fragments] of Object.entries(hit.highlight ?? {})) {
        const base = field.split('.')[0]!;
        if (!(HIGHLIGHTED_FIELDS as readonly string[]).includes(base)) continue;
        const list = (highlights[base] ??= []);
        for (const fragment of fragments) if (!list.includes(fragment)) list.push(fragment);
      }
      return {
        userId: doc.userId,
        name: doc.name,
        ...(doc.title ? { title: doc.title } : {}),
        ...(doc.department ? { department: doc.department } : {}),
        ...(doc.location ? { location: doc.location } : {}),
        ...(doc.managementLevel ? { managementLevel: doc.managementLevel } : {}),
        skills: doc.skills,
        languages: doc.languageLevels.map((entry) => {
          const at = entry.indexOf(':');
          return { code: entry.slice(0, at), level: entry.slice(at + 1) };
        }),
        askMeAbout: doc.askMeAbout,
        score: hit._score ?? 0,
        highlights,
        why: { matchedFields: Object.keys(highlights), expertise: [...doc.expertise].sort((a, b) => b.score - a.score).slice(0, 3) },
      };
    });
    const aggregations = (response.aggregations ?? {}) as Record<string, { buckets?: { key: string; doc_count: number }[] }>;
    const facets = Object.fromEntries(
      Object.keys(SEARCH_FACETS).map((name) => [name, (aggregations[name]?.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }))]),
    ) as unknown as SearchPage['facets'];
    const total = typeof response.hits.total === 'number' ? { value: response.hits.total, relation: 'eq' } : (response.hits.total ?? { value: 0, relation: 'eq' });
    const last = hits.at(-1);
    const nextCursor =
      hits.length === request.limit && last?.sort
        ? encodeSearchCursor({ score: Number(last.sort[0]), userId: String(last.sort[1]), query: queryFingerprint(request.text, request.filters) })
        : null;
    return { items, total: total.value, totalIsLowerBound: total.relation !== 'eq', facets, interpreted: { text: built.text, languages: built.questionLanguages }, nextCursor };
  }

  /** Makes every write so far visible to searches (tests, the rebuild). */
  async refresh(): Promise<void> {
    await this.client.indices.refresh({ index: this.alias });
  }

  /**
   * Blue-green rebuild: creates `<alias>-v<N+1>` with the current synonyms, marks it `<alias>-next`
   * (live writes go to both from then on), waits until every writer knows, copies every person
   * from the source read model with their revision as external version (a live write of a newer
   * revision wins either way), then moves the read alias in one atomic `_aliases` request and
   * drops the old version after `dropDelayMs` (searches that resolved the old index finish first).
   */
  async rebuild(source: AsyncIterable<{ readonly userId: string; readonly revision: number; readonly document: ProfileSearchDocument | null }>, options: RebuildOptions = {}): Promise<RebuildReport> {
    const log = options.log ?? (() => undefined);
    const checkAborted = () => {
      if (options.signal?.aborted) throw new Error('rebuild stopped');
    };
    await this.breakStaleRebuild(options.staleAfterMs ?? 30 * 60_000, log);
    const from = await this.activeIndex();
    const version = ((await this.versions()).at(-1) ?? 0) + 1;
    const to = this.indexName(version);
    log(`creating ${to}`);
    // Creating the new version is the lock: a second rebuild at the same time finds it and stops.
    if (!(await this.create(to))) throw new Error(`${to} exists already: another rebuild is running`);
    let copied = 0;
    try {
      await this.client.indices.updateAliases({ actions: [{ add: { index: to, alias: this.nextAlias, is_write_index: true } }] });
      await sleep(options.writerWaitMs ?? ProfilesSearchIndex.NEXT_ALIAS_TTL_MS * 2 + 200);
      checkAborted();
      log(`copying from the source read model into ${to}`);
      let batch: object[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        checkAborted();
        // Through the alias with require_alias: if this rebuild was broken up meanwhile, the copy fails instead of re-creating the index.
        const response = await this.client.bulk({ operations: batch, refresh: false, require_alias: true });
        if (response.errors) {
          const failed = response.items.map((item) => Object.values(item)[0]!).filter((r) => r.error && r.status !== 409);
          if (failed.length > 0) throw new Error(`bulk copy into ${to} failed: ${JSON.stringify(failed[0]!.error)}`);
        }
        batch = [];
      };
      for await (const entry of source) {
        if (!entry.document) continue;
        batch.push({ index: { _index: this.nextAlias, _id: entry.userId, version: entry.revision, version_type: 'external' } }, entry.document);
        copied++;
        if (batch.length >= 1_000) await flush();
      }
      await flush();
      await this.client.indices.refresh({ index: to });
      checkAborted();
      log(`switching ${this.alias} from ${from ?? 'nothing'} to ${to}`);
      await this.client.indices.updateAliases({
        actions: [
          ...(from ? [{ remove: { index: from, alias: this.alias } }] : []),
          { add: { index: to, alias: this.alias, is_write_index: true } },
          { remove: { index: to, alias: this.nextAlias } },
        ],
      });
    } catch (error) {
      log(`rebuild failed, ${from ?? 'nothing'} keeps serving: ${String(error)}`);
      await this.client.indices.delete({ index: to }, { ignore: [404] });
      throw error;
    }
    if (from) {
      // Stopped (the process shuts down): drop now rather than leave the old version behind.
      if (!options.signal?.aborted) await sleep(options.dropDelayMs ?? 5_000, options.signal);
      log(`dropping ${from}`);
      await this.client.indices.delete({ index: from }, { ignore: [404] });
    }
    return { from, to, copied };
  }

  /**
   * A rebuild that died (its process crashed) leaves `<alias>-next` behind, and every later
   * rebuild would refuse to start. One older than `staleAfterMs` is removed (its index with it).
   */
  private async breakStaleRebuild(staleAfterMs: number, log: (line: string) => void): Promise<void> {
    if (!(await this.client.indices.existsAlias({ name: this.nextAlias }))) return;
    for (const index of Object.keys(await this.client.indices.getAlias({ name: this.nextAlias }, { ignore: [404] }))) {
      const settings = await this.client.indices.getSettings({ index, name: 'index.creation_date', flat_settings: true });
      const created = Number((settings[index]?.settings as Record<string, unknown> | undefined)?.['index.creation_date']);
      if (!Number.isFinite(created) || Date.now() - created < staleAfterMs) {
        throw new Error(`another rebuild is running (alias ${this.nextAlias} on ${index}, created ${new Date(created).toISOString()})`);
      }
      log(`removing the rebuild left behind in ${index} (created ${new Date(created).toISOString()})`);
      await this.client.indices.delete({ index }, { ignore: [404] });
    }
  }
}

export interface RebuildOptions {
  /** Wait before dropping the old version (searches in flight finish). Default 5 s. */
  readonly dropDelayMs?: number;
  /** Wait after marking the new version, before copying. Default: twice the writers' cache. */
  readonly writerWaitMs?: number;
  readonly log?: (line: string) => void;
  /** Stops the rebuild (process shutdown): before the switch it is rolled back, after it the old version is dropped at once. */
  readonly signal?: AbortSignal;
  /** A left-behind `<alias>-next` older than this is a dead rebuild and removed. Default 30 min. */
  readonly staleAfterMs?: number;
}

export interface RebuildReport {
  readonly from: string | null;
  readonly to: string;
  readonly copied: number;
}

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
