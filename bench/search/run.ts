/**
 * `npm run bench:search -- [--profiles 100000 --index-sample 6000 --index-rounds 3 --rounds 10 ...]`
 *
 * People search over a generated organisation (organisation.ts: departments, skills from a
 * taxonomy with Dutch/English labels and synonyms, languages, ask-me-about, bios, expertise
 * evidence), on the local Elasticsearch:
 * 1. indexing: `indexSample` people through the event path, `ProfilesSearch` as its consumer
 *    runs it: Kafka batches of `batchSize` events (the consumer's maxBatchSize), the people's
 *    identity.user.provisioned in one, their profiles.profile.edited in the next, then their
 *    evidence (ProfilesSearch.applyBatch / applyExpertiseMany: one realtime `_mget` of the
 *    people's states in the search source index, folded per person, then one `_bulk` of the new
 *    states and the people's documents at the states' revisions as external versions),
 *    `indexConcurrency` batches in flight like the consumer's partitions, against (a) a raw
 *    `_bulk` of the same final documents into an index of the same definition (checked equal
 *    afterwards): `indexing_ratio`; and (b) the same document writes raw, a `_bulk` per stage and
 *    batch without states (the path's own overhead). In `indexRounds` parts, each measured all
 *    three ways one after the other, a different way first each round (the shared machine's
 *    noise and the merges a way leaves behind hit all). `--batch-size 1` is
 *    the event-by-event path;
 * 2. the rest of the `profiles` people are bulk-loaded (not measured) so the searched index holds
 *    all of them;
 * 3. search: the mixed query set (QUERY_MIX: skills, Dutch inflections, synonyms, typos, names,
 *    natural questions, facet filters) through `ProfilesSearchIndex.search` (body building,
 *    request, hit mapping, highlights, facets, cursor) against a raw `_search` POST of the same
 *    body, alternating query by query (same noise for both), then throughput with `concurrency`
 *    searches in flight.
 * Prints p50/p99 and throughput of both; last line `ratio=<our p99 / raw p99>` (goal ≤ 1.5).
 * Needs the local servers (`npm run infra:up`); the benchmark's indices are deleted at the end.
 * BENCH_PROFILES=5000 (or `--profiles 5000`) for a smoke run.
 */
import { Client } from '@elastic/elasticsearch';
import { EMPTY_FILTERS, type ProfileSearchRequest } from '@plein/profiles/application';
import type { ProfileEditedV1 } from '@plein/profiles/contracts';
import type { UserProvisionedV1 } from '@plein/identity/contracts';
import {
  buildSearchBody,
  profilesIndexDefinition,
  ProfilesSearch,
  taxonomySynonyms,
  toSearchDocument,
  type ProfileSearchDocument,
  type SearchTaxonomyTerm,
} from '@plein/profiles/infrastructure';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { elasticsearchUrl, fmt, inParallel, log, machine, parseOptions, percentile, runBench, runId } from '@plein/bench-kit';
import { generateOrganisation, QUERY_MIX, TAXONOMY, type GeneratedPerson } from './organisation';

const DEFAULTS = { profiles: 100_000, indexSample: 6_000, indexRounds: 3, indexConcurrency: 6, batchSize: 100, bulkSize: 1_000, rounds: 10, concurrency: 8, throughputQueries: 400, limit: 20 };

const TERMS: SearchTaxonomyTerm[] = TAXONOMY.map((t) => ({ termId: t.id, labels: { en: t.en, nl: t.nl }, synonyms: t.synonyms }));
const LABELS = new Map(TAXONOMY.map((t) => [t.id, [...new Set([t.en, t.nl])]]));
const labels = (skill: string): readonly string[] => LABELS.get(skill) ?? [skill];
/** The source revision the event path ends at: provisioned, profile edited, evidence (none: no change). */
const revisionOf = (person: GeneratedPerson): number => (person.expertise.length > 0 ? 3 : 2);

/** The person's identity and profile events, as identity's and profiles' relays publish them. */
function eventsOf(person: GeneratedPerson): EventEnvelope[] {
  const meta = { version: 1, sequence: 1, occurredAt: '2026-11-01T09:00:00.000Z', correlationId: 'bench', causationId: 'bench', actorId: 'system:bench' };
  const provisioned: UserProvisionedV1 = {
    externalId: `hr-${person.userId}`,
    userName: `user.${person.userId.slice(-12)}`,
    displayName: person.displayName,
    givenName: person.givenName,
    familyName: person.familyName,
    title: person.title,
    department: person.department,
    location: person.location,
    managementLevel: person.managementLevel,
    managerId: person.managerId,
    roles: ['employee'],
    badges: [],
  };
  const edited: ProfileEditedV1 = { userId: person.userId, changes: { skills: person.skills, languages: person.languages, askMeAbout: person.askMeAbout, bio: person.bio } };
  return [
    { ...meta, id: uuidv7(), type: 'identity.user.provisioned', source: 'plein/identity', aggregateType: 'user', aggregateId: person.userId, data: provisioned },
    { ...meta, id: uuidv7(), type: 'profiles.profile.edited', source: 'plein/profiles', aggregateType: 'profile', aggregateId: person.userId, data: edited },
  ];
}

/**
 * The search document of a person after the event path's `stage`: 1 provisioned (directory data),
 * 2 their profile edited too, 3 (the default: where the event path ends) their evidence too.
 */
function documentOf(person: GeneratedPerson, revision: number, stage: 1 | 2 | 3 = 3): ProfileSearchDocument {
  const profile = stage >= 2 ? { skills: person.skills, askMeAbout: person.askMeAbout, bio: person.bio, languages: person.languages } : {};
  const doc = toSearchDocument(
    {
      userId: person.userId,
      revision,
      active: true,
      deleted: false,
      displayName: person.displayName,
      title: person.title,
      department: person.department,
      location: person.location,
      managementLevel: person.managementLevel,
      ...profile,
      ...(stage === 3 ? { expertise: person.expertise } : {}),
    },
    labels,
  );
  if (!doc) throw new Error(`no search document for ${person.userId}`);
  return doc;
}

async function bulk(client: Client, index: string, people: readonly GeneratedPerson[], size: number): Promise<void> {
  for (let i = 0; i < people.length; i += size) {
    const operations = people.slice(i, i + size).flatMap((p) => [{ index: { _index: index, _id: p.userId, version: revisionOf(p), version_type: 'external' as const } }, documentOf(p, revisionOf(p))]);
    const response = await client.bulk({ operations, refresh: false });
    if (response.errors) {
      const failed = response.items.map((item) => Object.values(item)[0]!).find((r) => r.error);
      throw new Error(`bulk into ${index} failed: ${JSON.stringify(failed?.error)}`);
    }
  }
}

/**
 * The document writes the event path cannot avoid, raw: per batch of people one `_bulk` of their
 * documents after each stage (provisioned, profile edited, evidence), `concurrency` batches in
 * flight, no state read or written. The event path against this is its own overhead.
 */
async function stagedBulk(client: Client, index: string, chunks: readonly (readonly GeneratedPerson[])[], concurrency: number): Promise<void> {
  await inParallel(chunks, concurrency, async (chunk) => {
    for (const stage of [1, 2, 3] as const) {
      const people = stage === 3 ? chunk.filter((p) => p.expertise.length > 0) : chunk;
      const operations = people.flatMap((p) => [{ index: { _index: index, _id: p.userId, version: stage, version_type: 'external' as const } }, documentOf(p, stage, stage)]);
      const response = await client.bulk({ operations, refresh: false });
      if (response.errors) throw new Error(`staged bulk into ${index} failed: ${JSON.stringify(response.items.map((item) => Object.values(item)[0]!).find((r) => r.error)?.error)}`);
    }
  });
}

function request(entry: (typeof QUERY_MIX)[number], limit: number): ProfileSearchRequest {
  const f = entry.filters ?? {};
  return {
    text: entry.text,
    limit,
    filters: { ...EMPTY_FILTERS, skills: f.skills ?? [], languages: f.languages ?? [], departments: f.departments ?? [], locations: f.locations ?? [] },
  };
}

async function main(): Promise<void> {
  const o = parseOptions(DEFAULTS, 'npm run bench:search -- [options]   (expects the local servers: npm run infra:up)', { min: 1, integer: true });
  const node = elasticsearchUrl();
  const client = new Client({ node, requestTimeout: 120_000 });
  const id = runId();
  const prefix = `bench-${id}-`;
  const search = new ProfilesSearch({ elasticsearch: client, indexPrefix: prefix, taxonomy: async () => TERMS });
  const index = search.index;
  const rawIndex = `${prefix}raw-bulk`;
  const stagedIndex = `${prefix}raw-staged`;
  try {
    const info = await client.info();
    log(`machine: ${machine(`Elasticsearch ${info.version.number} (${info.version.build_flavor})`)}`);
    log(`params : ${JSON.stringify(o)}`);
    let t = performance.now();
    const people = generateOrganisation(o.profiles);
    const evidence = people.reduce((n, p) => n + p.expertise.length, 0);
    log(`org    : ${fmt(people.length)} people, ${fmt(evidence)} expertise entries, ${TAXONOMY.length} taxonomy terms, generated in ${fmt((performance.now() - t) / 1000, 1)} s`);

    await search.ensure().catch((error: unknown) => {
      if (!String(error).includes('synonym_graph')) throw error;
      throw new Error(`the Elasticsearch at ${node} has no synonym_graph filter: the local server needs the dev plugin as the profiles search builds it (tools/infra/elasticsearch/plein-dev-plugin, restart the server), or set ELASTICSEARCH_URL to one that has it`);
    });
    const definition = profilesIndexDefinition(taxonomySynonyms(TERMS));
    await client.indices.create({ index: rawIndex, settings: definition.settings, mappings: definition.mappings });
    await client.indices.create({ index: stagedIndex, settings: definition.settings, mappings: definition.mappings });

    // 1. Indexing: the event path against a raw _bulk of the same documents.
    const sample = people.slice(0, Math.min(o.indexSample, people.length));
    // Where the event path's time goes: per request kind (states read; states and documents written).
    const spent = { read: { ms: 0, n: 0 }, write: { ms: 0, n: 0 } };
    const timed = <A extends unknown[], R>(kind: keyof typeof spent, fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      const s = performance.now();
      try {
        return await fn(...args);
      } finally {
        spent[kind].ms += performance.now() - s;
        spent[kind].n++;
      }
    };
    const bulkOf = client.bulk.bind(client);
    const timedBulk = timed('write', bulkOf as (...args: unknown[]) => Promise<unknown>) as unknown as typeof client.bulk;
    search.source.read = timed('read', search.source.read.bind(search.source));
    // `indexRounds` parts of the sample, each through the event path, the raw _bulk and the raw
    // staged writes one after the other, a different one first each round: a busier minute of
    // the shared machine hits all three.
    let oursIndexS = 0;
    let rawIndexS = 0;
    let stagedS = 0;
    const part = Math.ceil(sample.length / o.indexRounds);
    for (let from = 0; from < sample.length; from += part) {
      const people = sample.slice(from, from + part);
      // Batches as the consumer gets them: `batchSize` events of one topic partition.
      const chunks: GeneratedPerson[][] = [];
      for (let i = 0; i < people.length; i += o.batchSize) chunks.push(people.slice(i, i + o.batchSize));
      const ways = [
        async () => {
          client.bulk = timedBulk;
          const s = performance.now();
          await inParallel(chunks, o.indexConcurrency, async (chunk) => {
            const events = chunk.map(eventsOf);
            await search.applyBatch(events.map((e) => e[0]!));
            await search.applyBatch(events.map((e) => e[1]!));
            await search.applyExpertiseMany(chunk.map((p) => ({ userId: p.userId, computedAt: '2026-11-01T09:00:00.000Z', expertise: p.expertise })));
          });
          oursIndexS += (performance.now() - s) / 1000;
          client.bulk = bulkOf as unknown as typeof client.bulk;
        },
        async () => {
          const s = performance.now();
          await bulk(client, rawIndex, people, o.bulkSize);
          rawIndexS += (performance.now() - s) / 1000;
        },
        async () => {
          const s = performance.now();
          await stagedBulk(client, stagedIndex, chunks, o.indexConcurrency);
          stagedS += (performance.now() - s) / 1000;
        },
      ];
      // A different one first each round (the merges a way leaves behind slow the next one).
      const round = from / part;
      for (let k = 0; k < ways.length; k++) await ways[(round + k) % ways.length]!();
    }
    // Same documents both ways (else the comparison would be of different work).
    for (const p of sample.slice(0, 20)) {
      const [a, b] = await Promise.all([client.get({ index: index.alias, id: p.userId }), client.get({ index: rawIndex, id: p.userId })]);
      if (JSON.stringify(a._source) !== JSON.stringify(b._source) || a._version !== b._version) {
        throw new Error(`event path and raw documents differ for ${p.userId}: ${JSON.stringify(a._source)} vs ${JSON.stringify(b._source)}`);
      }
    }
    const oursRate = sample.length / oursIndexS;
    const rawRate = sample.length / rawIndexS;
    const stagedRate = sample.length / stagedS;
    const share = (kind: keyof typeof spent) => `${fmt(spent[kind].n)} ${kind === 'read' ? '_mget of states' : '_bulk of states and documents'} (${fmt((100 * spent[kind].ms) / (oursIndexS * 1000 * o.indexConcurrency))} %, mean ${fmt(spent[kind].ms / Math.max(1, spent[kind].n), 1)} ms)`;
    log(`index  : event path ${fmt(oursRate)} profiles/s (${fmt(sample.length)} in ${fmt(oursIndexS, 1)} s over ${o.indexRounds} rounds, ${o.indexConcurrency} batches of ${o.batchSize} in flight; ${share('read')}, ${share('write')}); raw _bulk ${fmt(rawRate)} profiles/s (${fmt(rawIndexS, 1)} s); indexing ratio=${fmt(oursRate / rawRate, 3)} (goal ≥ 0.5)`);
    log(`index  : the same document writes raw (a _bulk per stage and batch, ${o.indexConcurrency} in flight, no states) ${fmt(stagedRate)} profiles/s (${fmt(stagedS, 1)} s): event path / same writes raw = ${fmt(oursRate / stagedRate, 3)}`);
    await client.indices.delete({ index: [rawIndex, stagedIndex] }, { ignore: [404] });

    // 2. The rest of the organisation, bulk-loaded into the searched index.
    t = performance.now();
    await bulk(client, index.alias, people.slice(sample.length), o.bulkSize);
    await index.refresh();
    const count = (await client.count({ index: index.alias })).count;
    log(`load   : ${fmt(count)} documents in ${index.alias} (${fmt((performance.now() - t) / 1000, 1)} s for the bulk-loaded rest)`);
    if (count !== people.length) throw new Error(`expected ${people.length} documents, found ${count}`);

    // 3. Search latency: ours and raw alternating, the same body.
    const requests = QUERY_MIX.map((q) => request(q, o.limit));
    const bodies = requests.map((r) => buildSearchBody(r).body);
    const raw = async (body: Record<string, unknown>): Promise<number> => {
      const res = await fetch(`${node}/${index.alias}/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as { hits?: { hits?: unknown[] } };
      if (!res.ok) throw new Error(`raw _search answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
      return json.hits?.hits?.length ?? 0;
    };
    // Warm-up: caches, connections, the synonym graph.
    for (let i = 0; i < requests.length; i++) {
      await index.search(requests[i]!);
      await raw(bodies[i]!);
    }
    const ours: number[] = [];
    const rawTimes: number[] = [];
    let oursHits = 0;
    let rawHits = 0;
    for (let round = 0; round < o.rounds; round++) {
      for (let i = 0; i < requests.length; i++) {
        let s = performance.now();
        oursHits += (await index.search(requests[i]!)).items.length;
        ours.push(performance.now() - s);
        s = performance.now();
        rawHits += await raw(bodies[i]!);
        rawTimes.push(performance.now() - s);
      }
    }
    if (oursHits !== rawHits) throw new Error(`ours returned ${oursHits} hits, raw ${rawHits}: not the same searches`);
    // What bounds a search: the same bodies without facets and highlights (raw, same rounds).
    const bare = bodies.map(({ aggs: _aggs, highlight: _highlight, ...rest }) => rest);
    const bareTimes: number[] = [];
    for (let round = 0; round < o.rounds; round++) {
      for (const body of bare) {
        const s = performance.now();
        await raw(body);
        bareTimes.push(performance.now() - s);
      }
    }
    log(`bounds : raw _search without facets and highlights p50 ${fmt(percentile(bareTimes, 0.5), 1)} ms, p99 ${fmt(percentile(bareTimes, 0.99), 1)} ms`);
    const perQuery = QUERY_MIX.map((q, i) => `${q.text}${q.filters ? ' +filters' : ''}: ${fmt(percentile(ours.filter((_, k) => k % requests.length === i), 0.5), 0)} ms`).join('; ');
    log(`queries: median per query (ours): ${perQuery}`);

    // Throughput: `concurrency` searches in flight over the mix.
    const mix = Array.from({ length: o.throughputQueries }, (_, i) => i % requests.length);
    t = performance.now();
    await inParallel(mix, o.concurrency, async (i) => {
      await index.search(requests[i]!);
    });
    const oursQps = mix.length / ((performance.now() - t) / 1000);
    t = performance.now();
    await inParallel(mix, o.concurrency, async (i) => {
      await raw(bodies[i]!);
    });
    const rawQps = mix.length / ((performance.now() - t) / 1000);

    const [op50, op99, rp50, rp99] = [percentile(ours, 0.5), percentile(ours, 0.99), percentile(rawTimes, 0.5), percentile(rawTimes, 0.99)];
    log(`search : ours p50 ${fmt(op50, 1)} ms, p99 ${fmt(op99, 1)} ms, ${fmt(oursQps, 1)} searches/s (${o.concurrency} in flight); raw _search p50 ${fmt(rp50, 1)} ms, p99 ${fmt(rp99, 1)} ms, ${fmt(rawQps, 1)} searches/s; ${fmt(ours.length)} timed searches each`);
    log(`indexing_ratio=${(oursRate / rawRate).toFixed(3)} (same writes raw: ${(oursRate / stagedRate).toFixed(3)})`);
    log(`ratio=${(op99 / rp99).toFixed(2)}`);
  } finally {
    // By name: wildcard deletes are refused where action.destructive_requires_name is on (the default).
    const mine = Object.keys((await client.indices.get({ index: `${prefix}*` }, { ignore: [404] }).catch(() => ({}))) ?? {});
    if (mine.length) await client.indices.delete({ index: mine }, { ignore: [404] }).catch(() => undefined);
    await client.close();
  }
}

runBench(main);
