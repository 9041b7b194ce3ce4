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
 * over BENCH_QUERIES requests (round-robin) and the slowest per view. Everything it creates is
 * dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import {
  InsightsIngest,
  InsightsQuery,
  InsightsViews,
  type Effect,
  type EventEffects,
  type IngestStore,
  type ParkedAnswer,
  type PersonRecord,
  type PersonVersion,
  type PostRecord,
} from '@plein/insights/application';
import { factSlot, periodEnd, type Period } from '@plein/insights/domain';
import { cellDocumentId, encodeField, insightsConsumedRegistry, MongoQueryCells, valuesDocumentId, type CellsCollection } from '@plein/insights/infrastructure';
import type { EventEnvelope } from '@plein/shared/kernel';
import mongoose from 'mongoose';
import { activity, envelope, organisation, SECRET } from './script';

const PEOPLE = Number(process.env['BENCH_DENSE_PEOPLE'] ?? 100_000);
const EVENTS = Number(process.env['BENCH_DENSE_EVENTS'] ?? 5_000_000);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 70);
const BATCH = 2_000;
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
  readonly cells = new Map<string, DenseCell>();
  private readonly once = new Map<string, string>();
  /** Person-period facts by the month of their document (factSlot); the oldest months are dropped as the year goes on. */
  private readonly byMonth = new Map<string, Map<string, string>>();
  private readonly persons = new Map<string, PersonRecord>();
  private readonly postRecords = new Map<string, PostRecord>();
  private readonly waiting = new Map<string, ParkedAnswer[]>();

  private factsOf(factId: string): Map<string, string> {
    const slot = factSlot(factId);
    if (!slot) return this.once;
    const month = slot.document.slice(slot.document.lastIndexOf('|') + 1);
    let facts = this.byMonth.get(month);
    if (!facts) {
      this.byMonth.set(month, (facts = new Map()));
      // Time-ordered script: a month two months back receives no more events.
      const months = [...this.byMonth.keys()].sort();
      for (const old of months.slice(0, Math.max(0, months.length - 3))) this.byMonth.delete(old);
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
          const id = cellDocumentId(i.period.granularity, i.dimension.kind, i.period.key);
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
  async park(postId: string, answer: ParkedAnswer): Promise<void> {
    this.waiting.set(postId, [...(this.waiting.get(postId) ?? []), answer]);
  }
  async parked(postId: string): Promise<readonly ParkedAnswer[]> {
    return this.waiting.get(postId) ?? [];
  }
  async unpark(postId: string): Promise<void> {
    this.waiting.delete(postId);
  }
  async putPerson(person: string, sequence: number, version: PersonVersion | null): Promise<void> {
    const current = this.persons.get(person) ?? { lastSequence: 0, versions: [] };
    if (sequence === current.lastSequence + 1) this.persons.set(person, { lastSequence: sequence, versions: version ? [...current.versions, version] : current.versions });
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

/** The cells as the projection stores them: one document per period and dimension kind (`s`: JSON of `{v, p}`), and the values lists. */
async function write(store: DenseStore, collection: CellsCollection): Promise<Map<string, { documents: number; maxBytes: number; maxValues: number; maxCounters: number }>> {
  const sizes = new Map<string, { documents: number; maxBytes: number; maxValues: number; maxCounters: number }>();
  const lists = new Map<string, Set<string>>();
  let docs: Record<string, unknown>[] = [];
  const flush = async () => {
    if (docs.length) await collection.insertMany(docs, { ordered: false });
    docs = [];
  };
  for (const [id, cell] of store.cells) {
    const s = JSON.stringify({ v: Object.fromEntries(cell.values), p: [] });
    const closes = cell.g === 'current' ? {} : { closes: periodEnd({ granularity: cell.g, key: cell.period } as Period) };
    docs.push({ _id: id, g: cell.g, d: cell.d, period: cell.period, ...closes, s, n: 1 });
    const kind = `${cell.g}x${cell.d}`;
    const size = sizes.get(kind) ?? { documents: 0, maxBytes: 0, maxValues: 0, maxCounters: 0 };
    const counters = [...cell.values.values()].reduce((n, m) => n + Object.keys(m).length, 0);
    sizes.set(kind, { documents: size.documents + 1, maxBytes: Math.max(size.maxBytes, s.length), maxValues: Math.max(size.maxValues, cell.values.size), maxCounters: Math.max(size.maxCounters, counters) });
    const list = valuesDocumentId(cell.g, cell.d);
    for (const value of cell.values.keys()) lists.set(list, (lists.get(list) ?? new Set()).add(value));
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
    log(`computing ${PEOPLE} people, ${EVENTS} events in memory`);
    const computed = await compute(store);
    log(`computed ${computed.events} events in ${(computed.ms / 1000).toFixed(1)} s; ${store.cells.size} cell documents`);
    const collection = connection.db!.collection('dense_cells') as CellsCollection;
    let started = performance.now();
    const sizes = await write(store, collection);
    log(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const [kind, size] of [...sizes].sort()) process.stdout.write(`documents ${kind}: ${size.documents}, largest ${size.maxBytes} bytes of string, ${size.maxValues} values, ${size.maxCounters} counters\n`);

    const clock = { now: () => new Date('2026-12-31T12:00:00.000Z') };
    const query = () => new InsightsQuery(new MongoQueryCells(async () => collection), { k: 10, clock });
    const views = () => new InsightsViews(query(), { voiceWarningPercent: 60 });
    const weeks = { granularity: 'week' as const, from: '2026-01-05', to: '2026-12-27' };
    const days = { granularity: 'day' as const, from: '2026-01-01', to: '2026-12-31' };
    const months = { granularity: 'month' as const, from: '2026-01-01', to: '2026-12-31' };
    const requests: [string, () => Promise<unknown>][] = [
      ['adoption weeks by orgUnit', () => views().adoption(weeks, 'orgUnit')],
      ['adoption days by orgUnit', () => views().adoption(days, 'orgUnit')],
      ['adoption months by level', () => views().adoption(months, 'level')],
      ['leadership weeks', () => views().leadership(weeks)],
      ['engagement weeks', () => views().engagement(weeks)],
      ['adoption days', () => views().adoption(days)],
      ['table active weeks by location', () => query().table({ metric: 'active', ...weeks, by: 'location' })],
    ];
    const times: number[] = [];
    const per = requests.map(() => [] as number[]);
    started = performance.now();
    for (let i = 0; i < QUERIES; i++) {
      const t = performance.now();
      await requests[i % requests.length]![1]();
      const ms = performance.now() - t;
      times.push(ms);
      per[i % requests.length]!.push(ms);
    }
    const pct = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))]!.toFixed(0);
    process.stdout.write(`people=${PEOPLE} events=${computed.events} cell_documents=${store.cells.size} compute_s=${(computed.ms / 1000).toFixed(1)}\n`);
    for (const [i, [name]] of requests.entries()) process.stdout.write(`view ${name}: p50 ${pct(per[i]!, 0.5)} ms, max ${pct(per[i]!, 1)} ms\n`);
    process.stdout.write(`dense_query_p50_ms=${pct(times, 0.5)} dense_query_p99_ms=${pct(times, 0.99)} queries=${QUERIES}\n`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
