/**
 * npm run bench:insights:query — the dashboard's answers at goal density: 100,000 people and one
 * full year of activity (BENCH_DENSE_EVENTS, default 5,000,000: the goal size of the ingest bench).
 *
 * Why not through the ingest: at the Kafka path's or the fill's rate (docs/performance.md) a year
 * at this density takes a day. So the year is computed by the consumer's own code in memory:
 * every envelope of the bench's script (bench/insights/script.ts) is upcast by the consumed
 * contracts and handed to InsightsIngest.handleBatch (the effects, facts and increments the
 * service computes) over an in-memory IngestStore with the same exactly-once fact rule as the
 * real store (a fact counts when absent; person-period facts of months that can no longer
 * receive events are dropped as the year goes on, as the retention purge does). The resulting
 * cells are then written in the cells projection's document format (one document per period and
 * dimension kind, the counters as one JSON string; `cellDocumentId`, `valuesDocumentId`,
 * `encodeField` of MongoIngestStore) into a collection of the bench's database on the real
 * FerretDB/MongoDB, and the dashboard's views are read through the service's query adapter
 * (MongoQueryCells) and InsightsViews/InsightsQuery with k = 10: adoption by org unit over a year
 * of weeks and of days, adoption by level over a year of months, leadership and engagement over a
 * year of weeks, a year of days for the organisation. Printed: the documents' sizes, then p50/p99
 * over BENCH_QUERIES requests (round-robin) and the slowest per view. Everything it creates in the
 * database is dropped at the end; BENCH_DENSE_CACHE=<file> keeps the computed year for later runs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  InsightsIngest,
  InsightsQuery,
  InsightsViews,
  CELLS_READ_MAX,
  type CellQuery,
  type Effect,
  type EventEffects,
  type IngestStore,
  type InsightsCells,
  type ParkedAnswer,
  type ParkedEntry,
  type PersonMove,
  type PostMove,
  type PersonRecord,
  type PersonVersion,
  type PostRecord,
} from '@plein/insights/application';
import { factSlot, periodEnd, type Cell, type CellGranularity, type DimensionKind, type Period } from '@plein/insights/domain';
import { cellDocumentId, cellDocumentIdIn, cellsOfDocument, encodeField, insightsConsumedRegistry, MongoQueryCells, valuesDocumentId, type CellDocument, type CellsCollection } from '@plein/insights/infrastructure';
import type { EventEnvelope } from '@plein/shared/kernel';
import mongoose from 'mongoose';
import { activity, envelope, organisation, SECRET } from './script';

const PEOPLE = Number(process.env['BENCH_DENSE_PEOPLE'] ?? 100_000);
const EVENTS = Number(process.env['BENCH_DENSE_EVENTS'] ?? 5_000_000);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 80);
const BATCH = 2_000;
/** A file the computed year is kept in and read from by later runs of the same size (optional). */
const CACHE = process.env['BENCH_DENSE_CACHE'];
const MONGODB_URI = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

interface DenseCell {
  readonly g: string;
  readonly d: string;
  readonly period: string;
  readonly values: Map<string, Record<string, number>>;
}

/** IngestStore in memory for one pass over a time-ordered year (no redelivery): facts decide, cells count. */
class DenseStore implements IngestStore {
  /** By `<granularity>|<dimension>|<period>`: every value's counters (the documents are cut by write()). */
  readonly cells = new Map<string, DenseCell>();
  private readonly once = new Map<string, string>();
  /** Person-period facts by period (`<granularity>:<key>`); per granularity only the last few periods are kept (see factsOf). */
  private readonly byPeriod = new Map<string, Map<string, string>>();
  private readonly persons = new Map<string, PersonRecord>();
  private readonly postRecords = new Map<string, PostRecord>();
  private readonly waiting = new Map<string, ParkedAnswer[]>();

  private factsOf(factId: string): Map<string, string> {
    if (!factSlot(factId)) return this.once;
    const period = factId.slice(factId.indexOf('|') + 1, factId.lastIndexOf('|'));
    let facts = this.byPeriod.get(period);
    if (!facts) {
      this.byPeriod.set(period, (facts = new Map()));
      // Time-ordered script (an hour of jitter): a period three periods back receives no more events.
      const granularity = period.slice(0, period.indexOf(':'));
      const same = [...this.byPeriod.keys()].filter((p) => p.startsWith(`${granularity}:`)).sort();
      for (const old of same.slice(0, Math.max(0, same.length - 3))) this.byPeriod.delete(old);
    }
    return facts;
  }

  async applyMany(events: readonly EventEffects[]): Promise<void> {
    for (const { eventId, effects } of events) {
      const insert = (e: Effect) => {
        if (e.factId !== `event|${eventId}`) {
          const facts = this.factsOf(e.factId);
          const owner = facts.get(e.factId);
          if (owner !== undefined && owner !== eventId) return;
          facts.set(e.factId, eventId);
        }
        for (const i of e.increments) {
          const id = `${i.period.granularity}|${i.dimension.kind}|${i.period.key}`;
          let cell = this.cells.get(id);
          if (!cell) this.cells.set(id, (cell = { g: i.period.granularity, d: i.dimension.kind, period: i.period.key, values: new Map() }));
          const counters = cell.values.get(i.dimension.value) ?? {};
          counters[i.metric] = (counters[i.metric] ?? 0) + i.by;
          cell.values.set(i.dimension.value, counters);
        }
      };
      effects.filter((e) => !e.requires).forEach(insert);
      effects.filter((e) => e.requires?.every((id) => this.factsOf(id).has(id))).forEach(insert);
    }
  }
  apply(eventId: string, effects: readonly Effect[]): Promise<void> {
    return this.applyMany([{ eventId, effects }]);
  }
  async person(person: string): Promise<PersonRecord | null> {
    return this.persons.get(person) ?? null;
  }
  async people(persons: readonly string[]): Promise<ReadonlyMap<string, PersonRecord>> {
    return new Map(persons.filter((p) => this.persons.has(p)).map((p) => [p, this.persons.get(p)!]));
  }
  async post(postId: string): Promise<PostRecord | null> {
    return this.postRecords.get(postId) ?? null;
  }
  async posts(postIds: readonly string[]): Promise<ReadonlyMap<string, PostRecord>> {
    return new Map(postIds.filter((p) => this.postRecords.has(p)).map((p) => [p, this.postRecords.get(p)!]));
  }
  async park(entries: readonly ParkedEntry[]): Promise<void> {
    for (const { postId, answer } of entries) this.waiting.set(postId, [...(this.waiting.get(postId) ?? []), answer]);
  }
  async parked(postIds: readonly string[]): Promise<ReadonlyMap<string, readonly ParkedAnswer[]>> {
    return new Map(postIds.filter((p) => this.waiting.has(p)).map((p) => [p, this.waiting.get(p)!]));
  }
  async unpark(entries: readonly ParkedEntry[]): Promise<void> {
    for (const { postId } of entries) this.waiting.delete(postId);
  }
  async putPerson(person: string, sequence: number, version: PersonVersion | null): Promise<void> {
    const current = this.persons.get(person) ?? { lastSequence: 0, versions: [] };
    if (sequence === current.lastSequence + 1) this.persons.set(person, { lastSequence: sequence, versions: version ? [...current.versions, version] : current.versions });
  }
  async putPeople(moves: readonly PersonMove[]): Promise<void> {
    for (const m of moves) await this.putPerson(m.person, m.sequence, m.version);
  }
  async putPosts(moves: readonly PostMove[]): Promise<void> {
    for (const m of moves) await this.putPost(m.postId, m.sequence, m.fields);
  }
  async putPost(postId: string, sequence: number, fields: Partial<Omit<PostRecord, 'lastSequence'>> | null): Promise<void> {
    this.postRecords.set(postId, { ...(this.postRecords.get(postId) ?? ({} as PostRecord)), ...(fields ?? {}), lastSequence: sequence });
  }
}

/** The year in memory through InsightsIngest.handleBatch: batches of one aggregate type, posts of each stretch first (as the fill does). */
async function compute(store: DenseStore): Promise<{ events: number; ms: number }> {
  const registry = insightsConsumedRegistry();
  const ingest = new InsightsIngest(store, SECRET);
  const apply = async (stretch: readonly EventEnvelope[]) => {
    const byType = new Map<string, EventEnvelope[]>();
    for (const e of stretch) byType.set(e.aggregateType, [...(byType.get(e.aggregateType) ?? []), registry.upcast(e)]);
    const posts = byType.get('post') ?? [];
    byType.delete('post');
    for (const list of [posts, ...byType.values()]) for (let i = 0; i < list.length; i += BATCH) await ingest.handleBatch(list.slice(i, i + BATCH));
  };
  const people = organisation(PEOPLE);
  const provisioned = people.map((p) => envelope('user', p.id, 'identity.user.provisioned', 1, { externalId: p.id, userName: p.id, displayName: 'P', department: p.department, location: p.location, managementLevel: p.level, badges: [], managerId: null, roles: ['employee'] }, '2025-12-01T00:00:00.000Z'));
  await apply(provisioned);
  const started = performance.now();
  let events = 0;
  let stretch: EventEnvelope[] = [];
  for (const item of activity(people, EVENTS)) {
    stretch.push(item.envelope);
    if (stretch.length < BATCH * 8) continue;
    await apply(stretch);
    events += stretch.length;
    stretch = [];
    if (events % 500_000 < BATCH * 8) log(`computed ${events} events, ${(events / ((performance.now() - started) / 1000)).toFixed(0)} events/s`);
  }
  await apply(stretch);
  events += stretch.length;
  return { events, ms: performance.now() - started };
}

/**
 * `sharded`: the projection's layout (org units one document per parent and period, ADR 0034);
 * `single`: the layout before it (one document per period and dimension kind, every org unit in
 * it), read by SingleDocumentCells: both are measured in the same run, requests interleaved.
 */
type Layout = 'sharded' | 'single';

/** The read adapter of the `single` layout (MongoInsightsCells before ADR 0034): one `_id` range, each document holding every value. */
class SingleDocumentCells implements InsightsCells {
  constructor(private readonly collection: CellsCollection) {}
  async read(query: CellQuery): Promise<readonly Cell[]> {
    const wanted = query.values ? new Set(query.values) : undefined;
    const filter = { _id: { $gte: cellDocumentIdIn(query.granularity, query.dimension, null, query.from), $lte: cellDocumentIdIn(query.granularity, query.dimension, null, query.to) } };
    const found: Cell[] = [];
    for await (const doc of this.collection.find(filter, { projection: { g: 1, d: 1, period: 1, s: 1 } }).sort({ _id: 1 })) found.push(...cellsOfDocument(doc as CellDocument, wanted));
    return found.slice(0, CELLS_READ_MAX);
  }
  values(granularity: CellGranularity, dimension: DimensionKind): Promise<readonly string[]> {
    return new MongoQueryCells(async () => this.collection).values(granularity, dimension);
  }
}

/** The cells as the projection stores them: one document per period and dimension kind (`s`: JSON of `{v, p}`), and the values lists. */
async function write(store: DenseStore, collection: CellsCollection, layout: Layout): Promise<Map<string, { documents: number; maxBytes: number; maxValues: number; maxCounters: number }>> {
  const sizes = new Map<string, { documents: number; maxBytes: number; maxValues: number; maxCounters: number }>();
  const lists = new Map<string, Set<string>>();
  let docs: Record<string, unknown>[] = [];
  const flush = async () => {
    if (docs.length) await collection.insertMany(docs, { ordered: false });
    docs = [];
  };
  // The projection's documents: one per period, dimension kind and shard (cellDocumentId).
  const documents = new Map<string, { g: string; d: string; period: string; v: Record<string, Record<string, number>> }>();
  for (const cell of store.cells.values()) {
    for (const [value, counters] of cell.values) {
      const id = layout === 'sharded' ? cellDocumentId(cell.g, cell.d, cell.period, value) : cellDocumentIdIn(cell.g, cell.d, null, cell.period);
      const doc = documents.get(id) ?? { g: cell.g, d: cell.d, period: cell.period, v: {} };
      doc.v[value] = counters;
      documents.set(id, doc);
    }
  }
  for (const [id, cell] of documents) {
    const s = JSON.stringify({ v: cell.v, p: [] });
    const closes = cell.g === 'current' ? {} : { closes: periodEnd({ granularity: cell.g, key: cell.period } as Period) };
    docs.push({ _id: id, g: cell.g, d: cell.d, period: cell.period, ...closes, s, n: 1 });
    const kind = `${cell.g}x${cell.d}`;
    const size = sizes.get(kind) ?? { documents: 0, maxBytes: 0, maxValues: 0, maxCounters: 0 };
    const values = Object.values(cell.v);
    const counters = values.reduce((n, m) => n + Object.keys(m).length, 0);
    sizes.set(kind, { documents: size.documents + 1, maxBytes: Math.max(size.maxBytes, s.length), maxValues: Math.max(size.maxValues, values.length), maxCounters: Math.max(size.maxCounters, counters) });
    const list = valuesDocumentId(cell.g, cell.d);
    for (const value of Object.keys(cell.v)) lists.set(list, (lists.get(list) ?? new Set()).add(value));
    if (docs.length >= 200) await flush();
  }
  for (const [id, values] of lists) docs.push({ _id: id, g: id.split('|')[1], d: id.split('|')[2], v: Object.fromEntries([...values].map((v) => [encodeField(v), 1])) });
  await flush();
  return sizes;
}

async function main(): Promise<void> {
  const database = `plein_bench_insights_dense_${randomBytes(4).toString('hex')}`;
  const connection = await mongoose.createConnection(MONGODB_URI, { dbName: database }).asPromise();
  try {
    const store = new DenseStore();
    let computed: { events: number; ms: number };
    if (CACHE && existsSync(CACHE)) {
      // A year computed by an earlier run of the same size (BENCH_DENSE_CACHE): only the layout and the reads are measured again.
      const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as { events: number; ms: number; cells: [string, DenseCell & { values: [string, Record<string, number>][] }][] };
      for (const [id, cell] of cached.cells) store.cells.set(id, { ...cell, values: new Map(cell.values) });
      computed = { events: cached.events, ms: cached.ms };
      log(`loaded ${CACHE}`);
    } else {
      log(`computing ${PEOPLE} people, ${EVENTS} events in memory`);
      computed = await compute(store);
      if (CACHE) writeFileSync(CACHE, JSON.stringify({ ...computed, cells: [...store.cells].map(([id, c]) => [id, { ...c, values: [...c.values] }]) }));
    }
    log(`computed ${computed.events} events in ${(computed.ms / 1000).toFixed(1)} s; ${store.cells.size} cell documents`);
    const collections = { sharded: connection.db!.collection('dense_cells_sharded') as CellsCollection, single: connection.db!.collection('dense_cells_single') as CellsCollection };
    for (const layout of ['single', 'sharded'] as const) {
      const started = performance.now();
      const sizes = await write(store, collections[layout], layout);
      log(`${layout}: written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const [kind, size] of [...sizes].sort()) if (size.maxBytes > 2_000) process.stdout.write(`${layout} documents ${kind}: ${size.documents}, largest ${size.maxBytes} bytes of string, ${size.maxValues} values, ${size.maxCounters} counters\n`);
    }

    const clock = { now: () => new Date('2026-12-31T12:00:00.000Z') };
    const readers: Record<Layout, InsightsCells> = { sharded: new MongoQueryCells(async () => collections.sharded), single: new SingleDocumentCells(collections.single) };
    const query = (layout: Layout) => new InsightsQuery(readers[layout], { k: 10, clock });
    const views = (layout: Layout) => new InsightsViews(query(layout), { voiceWarningPercent: 60 });
    const weeks = { granularity: 'week' as const, from: '2026-01-05', to: '2026-12-27' };
    const days = { granularity: 'day' as const, from: '2026-01-01', to: '2026-12-31' };
    const months = { granularity: 'month' as const, from: '2026-01-01', to: '2026-12-31' };
    const requests: [string, (layout: Layout) => Promise<unknown>][] = [
      ['adoption weeks by orgUnit', (l) => views(l).adoption(weeks, 'orgUnit')],
      ['adoption days by orgUnit', (l) => views(l).adoption(days, 'orgUnit')],
      ['adoption weeks by orgUnit under a division', (l) => views(l).adoption(weeks, 'orgUnit', 'engineering')],
      ['adoption months by level', (l) => views(l).adoption(months, 'level')],
      ['leadership weeks', (l) => views(l).leadership(weeks)],
      ['engagement weeks', (l) => views(l).engagement(weeks)],
      ['adoption days', (l) => views(l).adoption(days)],
      ['table active weeks by location', (l) => query(l).table({ metric: 'active', ...weeks, by: 'location' })],
    ];
    const times: Record<Layout, number[]> = { sharded: [], single: [] };
    const per: Record<Layout, number[][]> = { sharded: requests.map(() => []), single: requests.map(() => []) };
    for (let i = 0; i < QUERIES; i++) {
      for (const layout of i % 2 ? (['sharded', 'single'] as const) : (['single', 'sharded'] as const)) {
        const t = performance.now();
        await requests[i % requests.length]![1](layout);
        const ms = performance.now() - t;
        times[layout].push(ms);
        per[layout][i % requests.length]!.push(ms);
      }
    }
    const pct = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))]!.toFixed(0);
    process.stdout.write(`people=${PEOPLE} events=${computed.events} compute_s=${(computed.ms / 1000).toFixed(1)}\n`);
    for (const layout of ['single', 'sharded'] as const) {
      for (const [i, [name]] of requests.entries()) process.stdout.write(`${layout} view ${name}: p50 ${pct(per[layout][i]!, 0.5)} ms, max ${pct(per[layout][i]!, 1)} ms\n`);
    }
    process.stdout.write(`single_query_p50_ms=${pct(times.single, 0.5)} single_query_p99_ms=${pct(times.single, 0.99)} queries=${QUERIES}\n`);
    process.stdout.write(`dense_query_p50_ms=${pct(times.sharded, 0.5)} dense_query_p99_ms=${pct(times.sharded, 0.99)} queries=${QUERIES}\n`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
