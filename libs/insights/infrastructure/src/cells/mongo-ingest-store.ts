import type { Effect, EventEffects, IngestStore, ParkedAnswer, PersonRecord, PersonVersion, PostRecord } from '@plein/insights/application';
import { cellId } from '@plein/insights/domain';
import { applyInSequence, type SequencedDocument } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * Everything the cells projection keeps lives in its ONE versioned collection (so a rebuild,
 * its checksum and the drop of a retired version cover all of it), told apart by id prefix:
 *
 * | prefix | document | kept |
 * |---|---|---|
 * | `c|<granularity>|<dimension>|<period>|<value>` | a counter cell: `m.<metric>` counters, `p` event ids being applied | for ever |
 * | `f|<fact id>` | a person-period or once fact: `end` (its period's end), `by` (the event that inserted it) | until the retention purge |
 * | `a|<event id>` | the event is fully applied: `end` | until the retention purge |
 * | `p|<person>` | a pseudonymous person: versions of their dimensions, `lastSequence` | while identity knows them |
 * | `q|<post id>` | a post: kind, author key and dimensions, publish time, idea state | for ever (no text, no audience) |
 * | `w|<post id>|<event id>` | a top-level comment that came before its post: person key, time | until the post is published, or the purge |
 */
export const CELL_PREFIX = 'c|';
export const FACT_PREFIX = 'f|';
const APPLIED_PREFIX = 'a|';
const PERSON_PREFIX = 'p|';
const POST_PREFIX = 'q|';
const PARKED_PREFIX = 'w|';

interface PersonDocument extends SequencedDocument {
  versions: PersonVersion[];
}
/** A counter cell as stored. */
export interface CellDocument {
  _id: string;
  g: string;
  d: string;
  period: string;
  value: string;
  m: Record<string, number>;
  /** Ids of events whose increments are in but whose apply has not finished (see MongoIngestStore.apply). */
  p: string[];
}
type PostDocument = SequencedDocument & Partial<Omit<PostRecord, 'lastSequence'>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one collection holds documents of five shapes
export type CellsCollection = mongo.Collection<any>;

/** An effect with the event that owes it. */
interface Owned {
  readonly eventId: string;
  readonly effect: Effect;
}

interface WriteErrorLike {
  readonly index: number;
  readonly code?: number;
}
const writeErrorsOf = (error: unknown): readonly WriteErrorLike[] | null => {
  const errors = (error as { writeErrors?: unknown }).writeErrors;
  if (Array.isArray(errors)) return errors as WriteErrorLike[];
  if (errors && typeof errors === 'object') return [errors as WriteErrorLike];
  return null;
};

/**
 * The ingest's storage on MongoDB/FerretDB. `apply` is exactly-once per event id without
 * transactions (ADR, docs/insights/ingestion.md):
 *
 * 1. an `a|<event>` marker means the event is done: nothing happens;
 * 2. facts are inserted (unordered, duplicates refused by `_id`); a fact is *fresh* when this
 *    insert created it or it carries `by: <this event>` (inserted by an earlier, interrupted try);
 * 3. facts with `requires` (role models) are inserted the same way when all required facts exist;
 * 4. the increments of fresh facts go to the cells, one update per cell, guarded by the event id
 *    in the cell's `p` list (`p: {$ne: event}` + `$push`), so a retry never increments twice;
 * 5. the marker is written (with the cells the event wrote), then the event id is pulled from
 *    the cells' `p` lists; a redelivery of an applied event pulls it again (the try before may
 *    have died between the two).
 */
export class MongoIngestStore implements IngestStore {
  private readonly cells: mongo.Collection<CellDocument>;
  constructor(readonly collection: CellsCollection) {
    this.cells = collection as unknown as mongo.Collection<CellDocument>;
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

  async park(postId: string, answer: ParkedAnswer): Promise<void> {
    // `end`: a post that never comes (deleted before insights saw it) leaves it to the purge.
    const end = new Date(Date.parse(answer.at) + 31 * 86_400_000);
    await this.collection.updateOne({ _id: `${PARKED_PREFIX}${postId}|${answer.eventId}` }, { $setOnInsert: { ...answer, end } }, { upsert: true });
  }

  async parked(postId: string): Promise<readonly ParkedAnswer[]> {
    const docs = await this.collection.find({ _id: { $gte: `${PARKED_PREFIX}${postId}|`, $lt: `${PARKED_PREFIX}${postId}|\uffff` } }).toArray();
    return docs.map((d) => ({ eventId: d.eventId as string, person: d.person as string, at: d.at as string }));
  }

  async unpark(postId: string): Promise<void> {
    await this.collection.deleteMany({ _id: { $gte: `${PARKED_PREFIX}${postId}|`, $lt: `${PARKED_PREFIX}${postId}|\uffff` } });
  }

  apply(eventId: string, effects: readonly Effect[]): Promise<void> {
    return this.applyMany([{ eventId, effects }]);
  }

  /** The protocol above for a batch of events at once (one round trip per step), in the batch's order. */
  async applyMany(batch: readonly EventEffects[]): Promise<void> {
    const candidates = batch.filter((e) => e.effects.length > 0);
    if (!candidates.length) return;
    const markersFound = await this.collection.find({ _id: { $in: candidates.map((e) => APPLIED_PREFIX + e.eventId) } }, { projection: { cells: 1 } }).toArray();
    const done = new Set(markersFound.map((d) => (d._id as string).slice(APPLIED_PREFIX.length)));
    if (done.size) {
      // Already applied: release the cells in case the earlier try died between its marker and the release.
      const touched = [...new Set(markersFound.flatMap((d) => (d.cells as string[] | undefined) ?? []))];
      if (touched.length) await this.cells.updateMany({ _id: { $in: touched }, p: { $in: [...done] } }, { $pullAll: { p: [...done] } });
    }
    const events = candidates.filter((e) => !done.has(e.eventId));
    if (!events.length) return;
    const direct = events.flatMap((e) => e.effects.filter((f) => !f.requires).map((effect) => ({ eventId: e.eventId, effect })));
    const dependent = events.flatMap((e) => e.effects.filter((f) => f.requires).map((effect) => ({ eventId: e.eventId, effect })));
    const fresh = await this.insertFacts(direct);
    if (dependent.length) {
      const required = [...new Set(dependent.flatMap((d) => d.effect.requires!))];
      const present = new Set(
        (await this.collection.find({ _id: { $in: required.map((id) => FACT_PREFIX + id) } }, { projection: { _id: 1 } }).toArray()).map((d) => (d._id as string).slice(FACT_PREFIX.length)),
      );
      fresh.push(...(await this.insertFacts(dependent.filter((d) => d.effect.requires!.every((id) => present.has(id))))));
    }
    const touched = await this.increment(fresh);
    const cells = [...new Set([...touched.values()].flat())];
    const markers = events.map((e) => ({ _id: APPLIED_PREFIX + e.eventId, end: new Date(Math.max(...e.effects.map((f) => f.periodEnd.getTime()))), cells: touched.get(e.eventId) ?? [] }));
    try {
      await this.collection.insertMany(markers, { ordered: false });
    } catch (error) {
      const errors = writeErrorsOf(error);
      if (!errors || errors.some((e) => e.code !== 11000)) throw error;
    }
    if (cells.length) await this.cells.updateMany({ _id: { $in: cells } }, { $pullAll: { p: events.map((e) => e.eventId) } });
  }

  /** Inserts the facts; answers those this event inserted (now or in an interrupted earlier try). The first of a batch to name a fact owns it. */
  private async insertFacts(effects: readonly Owned[]): Promise<Owned[]> {
    const unique = [...new Map([...effects].reverse().map((o) => [o.effect.factId, o])).values()].reverse();
    if (!unique.length) return [];
    let failed = new Set<number>();
    try {
      await this.collection.insertMany(
        unique.map((o) => ({ _id: FACT_PREFIX + o.effect.factId, end: o.effect.periodEnd, by: o.eventId })),
        { ordered: false },
      );
    } catch (error) {
      const errors = writeErrorsOf(error);
      if (!errors || errors.some((e) => e.code !== 11000)) throw error;
      failed = new Set(errors.map((e) => e.index));
    }
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
   * One guarded update per cell for the whole batch (`p: {$nin: events}`, `$push: {$each: events}`);
   * a cell that already holds one of the events (an interrupted earlier try) or that another writer
   * created meanwhile falls back to one guarded update per event. Answers the cells each event wrote.
   */
  private async increment(fresh: readonly Owned[]): Promise<Map<string, string[]>> {
    const byCell = new Map<string, { fields: Record<string, string>; perEvent: Map<string, Record<string, number>> }>();
    for (const { eventId, effect } of fresh) {
      for (const i of effect.increments) {
        const id = CELL_PREFIX + cellId(i.period, i.dimension);
        const cell = byCell.get(id) ?? { fields: { g: i.period.granularity, d: i.dimension.kind, period: i.period.key, value: i.dimension.value }, perEvent: new Map() };
        const inc = cell.perEvent.get(eventId) ?? {};
        inc[`m.${i.metric}`] = (inc[`m.${i.metric}`] ?? 0) + i.by;
        cell.perEvent.set(eventId, inc);
        byCell.set(id, cell);
      }
    }
    const ids = [...byCell.keys()];
    const touched = new Map<string, string[]>();
    for (const [id, cell] of byCell) for (const eventId of cell.perEvent.keys()) touched.set(eventId, [...(touched.get(eventId) ?? []), id]);
    if (!ids.length) return touched;
    const total = (perEvent: Map<string, Record<string, number>>) => {
      const sum: Record<string, number> = {};
      for (const inc of perEvent.values()) for (const [k, v] of Object.entries(inc)) sum[k] = (sum[k] ?? 0) + v;
      return sum;
    };
    let raced: string[] = [];
    try {
      await this.cells.bulkWrite(
        ids.map((id) => {
          const cell = byCell.get(id)!;
          const events = [...cell.perEvent.keys()];
          return { updateOne: { filter: { _id: id, p: { $nin: events } }, update: { $inc: total(cell.perEvent), $push: { p: { $each: events } }, $setOnInsert: cell.fields }, upsert: true } };
        }),
        { ordered: false },
      );
    } catch (error) {
      const errors = writeErrorsOf(error);
      if (!errors || errors.some((e) => e.code !== 11000)) throw error;
      raced = errors.map((e) => ids[e.index]!);
    }
    for (const id of raced) {
      for (const [eventId, inc] of byCell.get(id)!.perEvent) await this.cells.updateOne({ _id: id, p: { $ne: eventId } }, { $inc: inc, $push: { p: eventId } });
    }
    return touched;
  }

  /** Retention: removes facts and applied markers whose period ended before `horizon`; cells, people and posts stay. */
  async purge(horizon: Date): Promise<number> {
    const result = await this.collection.deleteMany({ end: { $lt: horizon } });
    return result.deletedCount;
  }
}
