import type { Effect, EventEffects, IngestStore, ParkedAnswer, ParkedEntry, PersonMove, PersonRecord, PersonVersion, PostMove, PostRecord } from '@plein/insights/application';
import { factSlot, periodEnd, type Cell, type CellGranularity, type DimensionKind, type Period } from '@plein/insights/domain';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import { applyGuarded, applyInSequence, GroupCommit, type GuardedWrite, type SequencedDocument } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * Everything the cells projection keeps lives in its ONE versioned collection (so a rebuild,
 * its checksum and the drop of a retired version cover all of it), told apart by id prefix:
 *
 * | prefix | document | kept |
 * |---|---|---|
 * | `c|<granularity>|<dimension>|<period>`, `c|<granularity>|orgUnit~<parent>|<period>` | the counter cells of one period and dimension kind (org units: the top level, or everything below one top-level unit: cellShardOf): `s`, one JSON string of `{v: {<value>: {<metric>: n}}, p: [events applied, not released yet]}`; `n` version; `closes` (the period's end) | for ever |
 * | `c|<granularity>|<dimension>` | the dimension's values that have cells: `v.<value>: 1` | for ever |
 * | `f|<person>|<month>` | a person's (or group's) facts of a month: `k.<granularity>:<period>|<kind>` = the event that inserted it, `n` version, `end` | until the retention purge |
 * | `f|<fact id>` | a once-fact (per event or thing): `end`, `by` (the event that inserted it) | until the retention purge |
 * | `a|<event id>` | the event is fully applied: `end`, the cell documents it wrote | until the retention purge |
 * | `p|<person>` | a pseudonymous person: versions of their dimensions, `lastSequence` | while identity knows them |
 * | `q|<post id>` | a post: kind, author key and dimensions, publish time, idea state | for ever (no text, no audience) |
 * | `w|<post id>|<event id>` | an activity (comment, reaction, response) that came before its post: person key, time, what it was | until the post is published, or the purge |
 *
 * Dimension values and fact names are field names: `%`, `.` and `$` are escaped (encodeField).
 * Versioned documents (`n`: cells, person-month facts) are written by compare-and-set through
 * applyGuarded (@plein/shared/projections), which keeps its write stamps in `_w`.
 */
export const CELL_PREFIX = 'c|';
export const FACT_PREFIX = 'f|';
const APPLIED_PREFIX = 'a|';
const PERSON_PREFIX = 'p|';
const POST_PREFIX = 'q|';
const PARKED_PREFIX = 'w|';
/** Id of an activity parked on its post: `w|<post id>|<event id>`. */
const parkedId = (postId: string, eventId: string): string => `${PARKED_PREFIX}${postId}|${eventId}`;

interface PersonDocument extends SequencedDocument {
  versions: PersonVersion[];
}
/** The counters of a cell document and the events applied to it, kept as one JSON string (`s`). */
interface CellState {
  /** Dimension value → metric → counter. */
  v: Record<string, Record<string, number>>;
  /** Ids of events whose increments are in and whose release has not been written yet (see MongoIngestStore.apply). */
  p: string[];
}

/**
 * The counter cells of one period and dimension kind as stored (`c|<granularity>|<dimension>|<period>`):
 * the counters as ONE JSON string field `s` (FerretDB decodes a document field by field: a
 * document of thousands of nested counters took ~100 ms to read under load, one string does not),
 * `n` its version. The values list (`c|<granularity>|<dimension>`) has no period and `v.<encoded value>: 1`.
 */
export interface CellDocument {
  _id: string;
  g: string;
  d: string;
  period?: string;
  closes?: Date;
  /** JSON of CellState. */
  s?: string;
  n?: number;
  /** Values list only: encoded dimension value → 1. */
  v?: Record<string, 1>;
}

/** The events not released yet in a stored cell document (for tests and diagnostics). */
export const pendingEventsOf = (doc: CellDocument): string[] => (doc.s ? (JSON.parse(doc.s) as CellState).p : []);
type PostDocument = SequencedDocument & Partial<Omit<PostRecord, 'lastSequence'>>;

/** A person-month fact document. */
interface FactDocument {
  _id: string;
  /** Encoded `<granularity>:<period>|<kind>` → id of the event that inserted the fact. */
  k?: Record<string, string>;
  /** Version: every write is conditional on the version read (another writer meanwhile → read again). */
  n?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one collection holds documents of several shapes
export type CellsCollection = mongo.Collection<any>;

/** A dimension value or fact name as a field name: `%`, `.` and `$` escaped (MongoDB field names cannot hold `.` nor start with `$`). */
export const encodeField = (name: string): string => name.replace(/[%.$]/g, (c) => (c === '%' ? '%25' : c === '.' ? '%2E' : '%24'));
export const decodeField = (field: string): string => field.replace(/%(?:25|2E|24)/g, (e) => (e === '%25' ? '%' : e === '%2E' ? '.' : '$'));

/**
 * The shard of a dimension value's cell documents (ADR 0034): the top-level org units share one
 * (``), every org unit below the top level is in its top-level unit's (`engineering` holds
 * `engineering/platform` and `engineering/platform/search`). A breakdown reads only the shards of
 * the levels it shows (the top level: one small document per period; one unit's children: two)
 * instead of every org unit's counters, and an activity writes two org unit documents per period
 * (the top level's and its own top-level unit's), not one per level. The other kinds have few
 * values: one document per period (null).
 */
export const cellShardOf = (dimension: string, value: string): string | null => {
  if (dimension !== 'orgUnit') return null;
  const slash = value.indexOf('/');
  return slash < 0 ? '' : value.slice(0, slash);
};
/** A shard as part of an id: `%` and `|` escaped, so a shard's `_id` range never meets another's. */
const shardPart = (shard: string): string => shard.replace(/[%|]/g, (c) => (c === '%' ? '%25' : '%7C'));
/** Id of the document holding the cells of one period, dimension kind and shard (cellShardOf): `c|<granularity>|<dimension>|<period>`, `c|<granularity>|orgUnit~<parent>|<period>`. */
export const cellDocumentIdIn = (granularity: string, dimension: string, shard: string | null, period: string): string =>
  `${CELL_PREFIX}${granularity}|${dimension}${shard === null ? '' : `~${shardPart(shard)}`}|${period}`;
/** Id of the document holding the cells of `value` (of kind `dimension`) in one period. */
export const cellDocumentId = (granularity: string, dimension: string, period: string, value = ''): string => cellDocumentIdIn(granularity, dimension, cellShardOf(dimension, value), period);
/** Id of the document listing the values of a dimension kind that have cells in a granularity. */
export const valuesDocumentId = (granularity: string, dimension: string): string => `${CELL_PREFIX}${granularity}|${dimension}`;

/** The cells a stored cell document holds (none for a values list), in value order; a value without counters is left out. */
export function cellsOfDocument(doc: CellDocument, values?: ReadonlySet<string>): Cell[] {
  if (doc.period === undefined || !doc.s) return [];
  const cells: Cell[] = [];
  for (const [value, metrics] of Object.entries((JSON.parse(doc.s) as CellState).v)) {
    if ((values && !values.has(value)) || !metrics || !Object.keys(metrics).length) continue;
    cells.push({ granularity: doc.g as CellGranularity, period: doc.period, dimension: doc.d as DimensionKind, value, metrics });
  }
  return cells.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** An effect with the event that owes it. */
interface Owned {
  readonly eventId: string;
  readonly effect: Effect;
}

/**
 * Inserts `docs` (unordered) and answers the indexes of those refused as duplicates (already
 * there); any other error is thrown. Unordered inserts run every insert and report each duplicate
 * at its own index on MongoDB and on FerretDB (unlike guarded upserts: those go through
 * applyGuarded).
 */
async function insertAll(collection: CellsCollection, docs: readonly Record<string, unknown>[]): Promise<Set<number>> {
  if (!docs.length) return new Set();
  try {
    await collection.insertMany([...docs], { ordered: false });
    return new Set();
  } catch (error) {
    const listed = (error as { writeErrors?: unknown }).writeErrors;
    const errors = (Array.isArray(listed) ? listed : listed ? [listed] : null) as { index: number; code?: unknown }[] | null;
    if (!errors?.length || errors.some((e) => e.code !== 11000)) throw error;
    return new Set(errors.map((e) => e.index));
  }
}

/**
 * Event ids to drop from cell documents' `p` once their events are fully applied (marker
 * written), per collection, kept in this process until its next write of the document (one
 * write per document and batch instead of two). Ids of a process that stopped before that, and of
 * a period's last batch, stay in the document: harmless (they only guard events already marked
 * applied), at most a few batches' ids per document.
 */
export class Releases {
  private static readonly byCollection = new Map<string, Releases>();
  static of(namespace: string): Releases {
    let releases = Releases.byCollection.get(namespace);
    if (!releases) Releases.byCollection.set(namespace, (releases = new Releases()));
    return releases;
  }
  private readonly pending = new Map<string, Set<string>>();
  /** Values lists' entries this process has written (`<list id>|<field>`): not written again. */
  readonly listed = new Set<string>();
  add(documentId: string, eventId: string): void {
    this.pending.set(documentId, (this.pending.get(documentId) ?? new Set()).add(eventId));
  }
  take(documentId: string): string[] {
    const ids = this.pending.get(documentId);
    this.pending.delete(documentId);
    return ids ? [...ids] : [];
  }
}

/** A batch's increments per cell document id: the document's fields, and per event its `[value, metric, by]` increments. */
export type CellIncrements = Map<string, { fields: Record<string, string | Date>; perEvent: Map<string, [string, string, number][]> }>;

/**
 * The conditional writes of a round go as bulks of this many, sent at once: FerretDB applies a
 * bulk one document after the other (each its own transaction), several bulks side by side (a
 * sparse round writes hundreds to thousands of cell documents; measured 1,200 upserts: one bulk
 * 2.8–4.5 s, eight at once 1.5–1.8 s on the shared server).
 */
const BULK_SIZE = 100;

/** A cell document's write that lost to another process's writer is read and done again; this many times at most. */
const CELL_ROUNDS = 50;

/**
 * Group commit of cell increments, one writer per collection object (the projection's batches of
 * one process share it): concurrent partition batches all touch the same few documents (the
 * day's, week's and month's `all` and `level`), and writing them each on their own made them race
 * (compare-and-set: the losers read and write again, round after round). A batch hands its
 * increments to `write` (a GroupCommit, @plein/shared/projections); while a write round runs, the batches arriving are queued; the next
 * round merges everything queued into ONE read (`$in`) and ONE conditional write per document
 * (one unordered bulk), then resolves every batch in it (or rejects them all: each batch is then
 * retried whole, safe through `p`). A batch is resolved only after its increments are written.
 * Compare-and-set stays for other processes: a write refused because another replica changed the
 * document meanwhile is read and done again.
 */
export class CellWriter {
  private static readonly byCollection = new WeakMap<object, CellWriter>();
  static of(cells: mongo.Collection<CellDocument>, releases: Releases): CellWriter {
    let writer = CellWriter.byCollection.get(cells);
    if (!writer) CellWriter.byCollection.set(cells, (writer = new CellWriter(cells, releases)));
    return writer;
  }
  /** Rounds of CellWriter.write (GroupCommit): the increments of every batch of a round merged, then applied. */
  private readonly rounds = new GroupCommit<CellIncrements, void>(async (round) => {
    const merged: CellIncrements = new Map();
    for (const increments of round) {
      for (const [id, cell] of increments) {
        const into = merged.get(id);
        if (!into) merged.set(id, { fields: cell.fields, perEvent: new Map(cell.perEvent) });
        // The same event in two batches (a redelivery beside its first try) has the same increments: counted once.
        else for (const [eventId, list] of cell.perEvent) if (!into.perEvent.has(eventId)) into.perEvent.set(eventId, list);
      }
    }
    await this.apply(merged);
    return round.map(() => undefined);
  });
  private constructor(
    private readonly cells: mongo.Collection<CellDocument>,
    private readonly releases: Releases,
  ) {}

  /** Resolves once `increments` are written (merged with those of the batches queued beside them). */
  write(increments: CellIncrements): Promise<void> {
    return this.rounds.submit(increments);
  }

  /**
   * One round: the documents are read with one `$in`; in memory, each event's increments are
   * added unless the document's `p` already holds the event (an interrupted earlier try counted
   * it), the events are added to `p` and the ids released since are dropped; each document is
   * written once, conditional on the version read (`n`, upsert), all in one bulk; a document
   * another process changed meanwhile is read and done again.
   */
  private async apply(byCell: CellIncrements): Promise<void> {
    let pending = [...byCell.keys()];
    for (let round = 0; pending.length; round++) {
      if (round === CELL_ROUNDS) throw new Error(`cell documents kept changing under ${CELL_ROUNDS} reads: ${pending.slice(0, 3).join(', ')}`);
      const read = new Map((await this.cells.find({ _id: { $in: pending } }, { projection: { s: 1, n: 1 } }).toArray()).map((d) => [d._id, d]));
      const written: { id: string; released: string[] }[] = [];
      const writes: GuardedWrite<CellDocument>[] = [];
      for (const id of pending) {
        const cell = byCell.get(id)!;
        const stored = read.get(id);
        const state = stored?.s ? (JSON.parse(stored.s) as CellState) : { v: {}, p: [] };
        const applied = new Set(state.p);
        for (const [eventId, increments] of cell.perEvent) {
          if (applied.has(eventId)) continue;
          for (const [value, metric, by] of increments) {
            const counters = (state.v[value] ??= {});
            counters[metric] = (counters[metric] ?? 0) + by;
          }
          applied.add(eventId);
        }
        const released = this.releases.take(id);
        for (const eventId of released) if (!cell.perEvent.has(eventId)) applied.delete(eventId);
        written.push({ id, released });
        writes.push({ id, version: stored?.n ?? null, update: { $set: { ...cell.fields, s: JSON.stringify({ v: state.v, p: [...applied] }) } } as mongo.UpdateFilter<CellDocument> });
      }
      let refused: Set<number>;
      try {
        refused = new Set((await applyGuarded(this.cells, writes, { bulkSize: BULK_SIZE })).flatMap((outcome, i) => (outcome === 'refused' ? [i] : [])));
      } catch (error) {
        // Not known to be written: the releases go with a later write.
        for (const w of written) for (const eventId of w.released) this.releases.add(w.id, eventId);
        throw error;
      }
      // Releases of a refused write were not written: they go with the next one.
      for (const i of refused) for (const eventId of written[i]!.released) this.releases.add(written[i]!.id, eventId);
      pending = written.filter((_, i) => refused.has(i)).map((w) => w.id);
    }
  }
}

/** How many people's or posts' later moves putPeople/putPosts write at once. */
const MOVES_AT_ONCE = 16;

/** A fact document's version write that lost to another writer is read and decided again; this many times at most. */
const FACT_ROUNDS = 50;

/**
 * Person-period facts, one document per person and month: read the documents with one `$in`,
 * decide which facts are fresh, write each changed document once (conditional on its version
 * `n`, applyGuarded), all in one bulk; documents another writer changed meanwhile are read and
 * decided again. Answers the fresh facts.
 */
async function decideFacts(facts: mongo.Collection<FactDocument>, effects: readonly Owned[]): Promise<Owned[]> {
  if (!effects.length) return [];
  const byDocument = new Map<string, { field: string; owned: Owned }[]>();
  for (const owned of [...effects.filter((o) => !o.effect.requires), ...effects.filter((o) => o.effect.requires)]) {
    const slot = factSlot(owned.effect.factId)!;
    byDocument.set(slot.document, [...(byDocument.get(slot.document) ?? []), { field: encodeField(slot.field), owned }]);
  }
  const fresh: Owned[] = [];
  let pending = [...byDocument.keys()];
  for (let round = 0; pending.length; round++) {
    if (round === FACT_ROUNDS) throw new Error(`fact documents kept changing under ${FACT_ROUNDS} reads: ${pending.slice(0, 3).join(', ')}`);
    const read = new Map((await facts.find({ _id: { $in: pending.map((d) => FACT_PREFIX + d) } }, { projection: { k: 1, n: 1 } }).toArray()).map((d) => [d._id.slice(FACT_PREFIX.length), d]));
    const writes: GuardedWrite<FactDocument>[] = [];
    const written: { document: string; fresh: Owned[] }[] = [];
    for (const document of pending) {
      const stored = read.get(document);
      const known: Record<string, string> = { ...(stored?.k ?? {}) };
      const set: Record<string, string> = {};
      const decided: Owned[] = [];
      let end = 0;
      for (const { field, owned } of byDocument.get(document)!) {
        const requires = owned.effect.requires;
        if (requires && !requires.every((id) => { const slot = factSlot(id); return slot && slot.document === document && encodeField(slot.field) in known; })) continue;
        if (!(field in known)) {
          known[field] = owned.eventId;
          set[`k.${field}`] = owned.eventId;
          end = Math.max(end, owned.effect.periodEnd.getTime());
          decided.push(owned);
        } else if (known[field] === owned.eventId) decided.push(owned);
      }
      if (!Object.keys(set).length) {
        fresh.push(...decided);
        continue;
      }
      written.push({ document, fresh: decided });
      writes.push({ id: FACT_PREFIX + document, version: stored?.n ?? null, update: { $set: set, $max: { end: new Date(end) } } as mongo.UpdateFilter<FactDocument> });
    }
    const raced = new Set((await applyGuarded(facts, writes, { bulkSize: BULK_SIZE })).flatMap((outcome, i) => (outcome === 'refused' ? [i] : [])));
    written.forEach((w, i) => {
      if (!raced.has(i)) fresh.push(...w.fresh);
    });
    pending = written.filter((_, i) => raced.has(i)).map((w) => w.document);
  }
  return fresh;
}

/**
 * Group commit of fact decisions, one per collection object (like CellWriter): the partition
 * batches of a process deciding at the same time share ONE round (one `$in` read, one bulk of
 * conditional writes), and a person-month document named by several of them is written once.
 * The round decides the batches' effects in the order they were handed over (a fact named by two
 * batches goes to the first: either is right, the fact counts once); each batch gets its own
 * fresh facts back, or every batch of a failed round the error (each is retried whole, safe:
 * a fact names the event that set it).
 */
export class FactWriter {
  private static readonly byCollection = new WeakMap<object, FactWriter>();
  static of(facts: mongo.Collection<FactDocument>): FactWriter {
    let writer = FactWriter.byCollection.get(facts);
    if (!writer) FactWriter.byCollection.set(facts, (writer = new FactWriter(facts)));
    return writer;
  }
  /** Rounds of FactWriter.decide (GroupCommit): every batch's effects decided together, each batch given its fresh ones. */
  private readonly rounds = new GroupCommit<readonly Owned[], Owned[]>(async (round) => {
    const fresh = new Set(await decideFacts(this.facts, round.flat()));
    return round.map((effects) => effects.filter((o) => fresh.has(o)));
  });
  private constructor(private readonly facts: mongo.Collection<FactDocument>) {}

  /** Resolves with the fresh ones of `effects` once their documents are written (in a round shared with the batches queued beside them). */
  decide(effects: readonly Owned[]): Promise<Owned[]> {
    return this.rounds.submit(effects);
  }
}

/**
 * The ingest's storage on MongoDB/FerretDB. `apply` is exactly-once per event id without
 * transactions (ADR 0022, 0026, docs/insights/ingestion.md):
 *
 * 1. an `a|<event>` marker means the event is done: nothing happens (its cells are released again);
 * 2. facts are decided: the batch's person-month documents are read with one `$in`; a fact is
 *    *fresh* when it is absent (the first event of the batch naming it takes it) or it names this
 *    event (written by an earlier, interrupted try); each document with new facts is written once,
 *    conditional on the version read (`n`), all in one bulk write; a document another writer
 *    changed meanwhile is read and decided again. Facts with `requires` (role models) are decided
 *    with their document, after the others. Once-facts are inserted on their own (`by`); the
 *    per-event once-fact `event|<this event>` is always this event's and is not written;
 * 3. the increments of fresh facts go to the cell documents: read with one `$in`, an event's
 *    increments added in memory unless the document's `p` holds it, written once per document
 *    conditional on the version read (another writer meanwhile: read and done again), so a retry
 *    never increments twice;
 * 4. the markers are written (with the documents each event wrote); the event ids are dropped
 *    from `p` by this process's next write of each document (Releases), not by a write of their
 *    own.
 */
export class MongoIngestStore implements IngestStore {
  private readonly cells: mongo.Collection<CellDocument>;
  private readonly releases: Releases;
  constructor(readonly collection: CellsCollection) {
    this.cells = collection as unknown as mongo.Collection<CellDocument>;
    this.releases = Releases.of(collection.namespace);
  }

  async person(person: string): Promise<PersonRecord | null> {
    const doc = await this.collection.findOne({ _id: PERSON_PREFIX + person });
    return doc ? { lastSequence: doc.lastSequence as number, versions: (doc.versions as PersonVersion[]) ?? [] } : null;
  }

  async people(persons: readonly string[]): Promise<ReadonlyMap<string, PersonRecord>> {
    const docs = await this.collection.find({ _id: { $in: persons.map((p) => PERSON_PREFIX + p) } }).toArray();
    return new Map(docs.map((d) => [(d._id as string).slice(PERSON_PREFIX.length), { lastSequence: d.lastSequence as number, versions: (d.versions as PersonVersion[]) ?? [] }]));
  }

  async post(postId: string): Promise<PostRecord | null> {
    const doc = await this.collection.findOne({ _id: POST_PREFIX + postId });
    if (!doc) return null;
    const { _id, ...record } = doc as PostRecord & { _id: string };
    return record;
  }

  async putPerson(person: string, sequence: number, version: PersonVersion | null): Promise<void> {
    const people = this.collection as unknown as mongo.Collection<PersonDocument>;
    await applyInSequence(people, PERSON_PREFIX + person, sequence, version ? { $push: { versions: version } } : {});
  }

  /**
   * The people whose moves start at sequence 1 (provisioned) get their first record with one
   * unordered insert (what putPerson's first write does: it can only insert; a record already
   * there is a redelivery); every later move goes through putPerson, each person's in order,
   * MOVES_AT_ONCE people at once.
   */
  putPeople(moves: readonly PersonMove[]): Promise<void> {
    return this.moveAll(
      moves.map((m) => ({ id: m.person, sequence: m.sequence, first: () => ({ _id: PERSON_PREFIX + m.person, lastSequence: 1, ...(m.version ? { versions: [m.version] } : {}) }), move: () => this.putPerson(m.person, m.sequence, m.version) })),
    );
  }

  /** putPeople for posts: the publications (sequence 1) with one insert, later moves through putPost. */
  putPosts(moves: readonly PostMove[]): Promise<void> {
    return this.moveAll(moves.map((m) => ({ id: m.postId, sequence: m.sequence, first: () => ({ _id: POST_PREFIX + m.postId, ...(m.fields ?? {}), lastSequence: 1 }), move: () => this.putPost(m.postId, m.sequence, m.fields) })));
  }

  private async moveAll(moves: readonly { id: string; sequence: number; first: () => Record<string, unknown>; move: () => Promise<void> }[]): Promise<void> {
    const byRecord = Map.groupBy(moves, (m) => m.id);
    await insertAll(this.collection, [...byRecord.values()].flatMap((list) => (list[0]!.sequence === 1 ? [list[0]!.first()] : [])));
    const queue = [...byRecord.values()].map((list) => (list[0]!.sequence === 1 ? list.slice(1) : list)).filter((list) => list.length);
    const worker = async () => {
      for (let list = queue.shift(); list; list = queue.shift()) for (const m of list) await m.move();
    };
    await Promise.all(Array.from({ length: Math.min(MOVES_AT_ONCE, queue.length) }, worker));
  }

  async putPost(postId: string, sequence: number, fields: Partial<Omit<PostRecord, 'lastSequence'>> | null): Promise<void> {
    const posts = this.collection as unknown as mongo.Collection<PostDocument>;
    await applyInSequence(posts, POST_PREFIX + postId, sequence, fields ? { $set: fields } : {});
  }

  async posts(postIds: readonly string[]): Promise<ReadonlyMap<string, PostRecord>> {
    const docs = await this.collection.find({ _id: { $in: postIds.map((p) => POST_PREFIX + p) } }).toArray();
    return new Map(
      docs.map((d) => {
        const { _id, ...record } = d as PostRecord & { _id: string };
        return [_id.slice(POST_PREFIX.length), record];
      }),
    );
  }

  /** One unordered insert of every entry (`w|<post>|<event>`); an entry already there (a redelivery) is left as it is. */
  async park(entries: readonly ParkedEntry[]): Promise<void> {
    // `end`: a post that never comes (deleted before insights saw it) leaves it to the purge.
    const unique = new Map(entries.map(({ postId, answer }) => [parkedId(postId, answer.eventId), { ...answer, end: new Date(Date.parse(answer.at) + 31 * 86_400_000) }]));
    await insertAll(this.collection, [...unique].map(([_id, doc]) => ({ _id, ...doc })));
  }

  /**
   * One range read from the lowest to the highest of the posts' entries (`_id` index; FerretDB
   * reads an `$or` of ranges with a full scan), the entries of other posts in between left out in
   * memory: post ids are time-ordered (UUIDv7), so the range holds the batch's posts and the few
   * posts of the same minutes that have not been published yet.
   */
  async parked(postIds: readonly string[]): Promise<ReadonlyMap<string, readonly ParkedAnswer[]>> {
    if (!postIds.length) return new Map();
    const wanted = new Set(postIds);
    const sorted = [...wanted].sort();
    const docs = await this.collection.find({ _id: { $gte: `${PARKED_PREFIX}${sorted[0]!}|`, $lt: `${PARKED_PREFIX}${sorted[sorted.length - 1]!}|\uffff` } }).toArray();
    const postOf = (id: string): string => id.slice(PARKED_PREFIX.length, id.lastIndexOf('|'));
    const byPost = Map.groupBy(
      docs.filter((d) => wanted.has(postOf(d._id as string))),
      (d) => postOf(d._id as string),
    );
    return new Map([...byPost].map(([postId, list]) => [postId, list.map(({ _id: _key, end: _end, ...answer }) => answer as unknown as ParkedAnswer)]));
  }

  /** One delete of exactly these entries (an entry parked after they were read stays). */
  async unpark(entries: readonly ParkedEntry[]): Promise<void> {
    if (!entries.length) return;
    await this.collection.deleteMany({ _id: { $in: [...new Set(entries.map((e) => parkedId(e.postId, e.answer.eventId)))] } });
  }

  apply(eventId: string, effects: readonly Effect[]): Promise<void> {
    return this.applyMany([{ eventId, effects }]);
  }

  /** The protocol above for a batch of events at once (a few round trips for all of them), in the batch's order. */
  async applyMany(batch: readonly EventEffects[]): Promise<void> {
    const candidates = batch.filter((e) => e.effects.length > 0);
    if (!candidates.length) return;
    const markersFound = await this.collection.find({ _id: { $in: candidates.map((e) => APPLIED_PREFIX + e.eventId) } }, { projection: { cells: 1 } }).toArray();
    const done = new Set(markersFound.map((d) => (d._id as string).slice(APPLIED_PREFIX.length)));
    if (done.size) {
      // Already applied: release the cells in case the earlier try died between its marker and the release.
      for (const d of markersFound) for (const id of (d.cells as string[] | undefined) ?? []) this.releases.add(id, (d._id as string).slice(APPLIED_PREFIX.length));
    }
    const events = candidates.filter((e) => !done.has(e.eventId));
    if (!events.length) return;
    const owned = events.flatMap((e) => e.effects.map((effect) => ({ eventId: e.eventId, effect })));
    const own = owned.filter((o) => o.effect.factId === `event|${o.eventId}`);
    const slotted = owned.filter((o) => o.effect.factId !== `event|${o.eventId}` && factSlot(o.effect.factId));
    const single = owned.filter((o) => o.effect.factId !== `event|${o.eventId}` && !factSlot(o.effect.factId));
    const fresh = [...own, ...(slotted.length ? await FactWriter.of(this.collection as unknown as mongo.Collection<FactDocument>).decide(slotted) : []), ...(await this.decideSingle(single))];
    const touched = await this.increment(fresh);
    const markers = events.map((e) => ({ _id: APPLIED_PREFIX + e.eventId, end: new Date(Math.max(...e.effects.map((f) => f.periodEnd.getTime()))), cells: touched.get(e.eventId) ?? [] }));
    // A marker refused as a duplicate is there already (another try of the same event).
    await insertAll(this.collection, markers);
    // Released lazily: the next update of each document by this process drops the ids (see Releases).
    for (const [eventId, ids] of touched) for (const id of ids) this.releases.add(id, eventId);
  }

  /** Once-facts, each its own document: inserted (unordered), fresh when this insert created it or it names this event. The first of a batch to name a fact owns it. */
  private async decideSingle(effects: readonly Owned[]): Promise<Owned[]> {
    const direct = await this.insertFacts(effects.filter((o) => !o.effect.requires));
    const dependent = effects.filter((o) => o.effect.requires);
    if (!dependent.length) return direct;
    const required = [...new Set(dependent.flatMap((d) => d.effect.requires!))];
    const present = new Set(
      (await this.collection.find({ _id: { $in: required.map((id) => FACT_PREFIX + id) } }, { projection: { _id: 1 } }).toArray()).map((d) => (d._id as string).slice(FACT_PREFIX.length)),
    );
    return [...direct, ...(await this.insertFacts(dependent.filter((d) => d.effect.requires!.every((id) => present.has(id)))))];
  }

  private async insertFacts(effects: readonly Owned[]): Promise<Owned[]> {
    const unique = [...new Map([...effects].reverse().map((o) => [o.effect.factId, o])).values()].reverse();
    if (!unique.length) return [];
    const failed = await insertAll(
      this.collection,
      unique.map((o) => ({ _id: FACT_PREFIX + o.effect.factId, end: o.effect.periodEnd, by: o.eventId })),
    );
    if (!failed.size) return unique;
    const duplicates = unique.filter((_, i) => failed.has(i));
    const owners = new Map(
      (await this.collection.find({ _id: { $in: duplicates.map((o) => FACT_PREFIX + o.effect.factId) } }, { projection: { by: 1 } }).toArray()).map((d) => [
        (d._id as string).slice(FACT_PREFIX.length),
        d.by as string,
      ]),
    );
    return unique.filter((o, i) => !failed.has(i) || owners.get(o.effect.factId) === o.eventId);
  }

  /**
   * The batch's increments: grouped per cell document and event, handed to the collection's
   * CellWriter (one read and one conditional write per document for every batch queued at the
   * time, see there), which resolves once they are written. New values go to the values lists
   * (idempotent `$set`). Answers the cell documents each event wrote.
   */
  private async increment(fresh: readonly Owned[]): Promise<Map<string, string[]>> {
    const byCell: CellIncrements = new Map();
    const values = new Map<string, Set<string>>();
    for (const { eventId, effect } of fresh) {
      for (const i of effect.increments) {
        const id = cellDocumentId(i.period.granularity, i.dimension.kind, i.period.key, i.dimension.value);
        const closes: Record<string, Date> = i.period.granularity === 'current' ? {} : { closes: periodEnd(i.period as Period) };
        const cell = byCell.get(id) ?? { fields: { g: i.period.granularity, d: i.dimension.kind, period: i.period.key, ...closes }, perEvent: new Map() };
        cell.perEvent.set(eventId, [...(cell.perEvent.get(eventId) ?? []), [i.dimension.value, i.metric, i.by]]);
        byCell.set(id, cell);
        const list = valuesDocumentId(i.period.granularity, i.dimension.kind);
        const field = encodeField(i.dimension.value);
        if (!this.releases.listed.has(`${list}|${field}`)) values.set(list, (values.get(list) ?? new Set()).add(field));
      }
    }
    const touched = new Map<string, string[]>();
    for (const [id, cell] of byCell) for (const eventId of cell.perEvent.keys()) touched.set(eventId, [...(touched.get(eventId) ?? []), id]);
    if (byCell.size) await CellWriter.of(this.cells, this.releases).write(byCell);
    const lists = [...values].map(([id, fields]) => ({ id, set: Object.fromEntries([...fields].map((f) => [`v.${f}`, 1])), fields: { g: id.split('|')[1]!, d: id.split('|')[2]! } }));
    if (lists.length) {
      const listOps = lists.map((l) => ({ updateOne: { filter: { _id: l.id }, update: { $set: l.set, $setOnInsert: l.fields }, upsert: true } })) as mongo.AnyBulkWriteOperation<CellDocument>[];
      // Idempotent writes: after a failed bulk (a list another writer created meanwhile: a
      // duplicate key, and FerretDB leaves the later writes unrun) each is done again on its own,
      // a duplicate by the same $set without upsert.
      await this.cells.bulkWrite(listOps, { ordered: false }).catch(async () => {
        await Promise.all(
          lists.map((l) =>
            this.cells.updateOne({ _id: l.id }, { $set: l.set, $setOnInsert: l.fields }, { upsert: true }).catch((again: unknown) => {
              if (!isDuplicateKeyError(again)) throw again;
              return this.cells.updateOne({ _id: l.id }, { $set: l.set });
            }),
          ),
        );
      });
      for (const [list, fields] of values) for (const field of fields) this.releases.listed.add(`${list}|${field}`);
    }
    return touched;
  }

  /** Retention: removes facts and applied markers whose period ended before `horizon`; cells, people and posts stay. */
  async purge(horizon: Date): Promise<number> {
    const result = await this.collection.deleteMany({ end: { $lt: horizon } });
    return result.deletedCount;
  }
}
