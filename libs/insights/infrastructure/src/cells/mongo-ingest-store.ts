import type { Effect, IngestStore, PersonRecord, PersonVersion, PostRecord } from '@plein/insights/application';
import { cellId, type CellIncrement } from '@plein/insights/domain';
import { isDuplicateKeyError } from '@plein/shared/messaging';
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
 */
export const CELL_PREFIX = 'c|';
export const FACT_PREFIX = 'f|';
const APPLIED_PREFIX = 'a|';
const PERSON_PREFIX = 'p|';
const POST_PREFIX = 'q|';

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
 * 5. the marker is written, then the event id is pulled from the cells' `p` lists.
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

  async apply(eventId: string, effects: readonly Effect[]): Promise<void> {
    if (effects.length === 0) return;
    if (await this.collection.findOne({ _id: APPLIED_PREFIX + eventId }, { projection: { _id: 1 } })) return;
    const direct = effects.filter((e) => !e.requires);
    const dependent = effects.filter((e) => e.requires);
    const fresh = await this.insertFacts(eventId, direct);
    if (dependent.length) {
      const required = [...new Set(dependent.flatMap((e) => e.requires!))];
      const present = new Set(
        (await this.collection.find({ _id: { $in: required.map((id) => FACT_PREFIX + id) } }, { projection: { _id: 1 } }).toArray()).map((d) => (d._id as string).slice(FACT_PREFIX.length)),
      );
      fresh.push(...(await this.insertFacts(eventId, dependent.filter((e) => e.requires!.every((id) => present.has(id))))));
    }
    const cells = await this.increment(eventId, fresh.flatMap((e) => e.increments));
    const end = new Date(Math.max(...effects.map((e) => e.periodEnd.getTime())));
    try {
      await this.collection.insertOne({ _id: APPLIED_PREFIX + eventId, end });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    if (cells.length) await this.cells.updateMany({ _id: { $in: cells } }, { $pull: { p: eventId } });
  }

  /** Inserts the facts; answers the effects whose fact this event inserted (now or in an interrupted earlier try). */
  private async insertFacts(eventId: string, effects: readonly Effect[]): Promise<Effect[]> {
    const unique = [...new Map(effects.map((e) => [e.factId, e])).values()];
    if (!unique.length) return [];
    let failed = new Set<number>();
    try {
      await this.collection.insertMany(
        unique.map((e) => ({ _id: FACT_PREFIX + e.factId, end: e.periodEnd, by: eventId })),
        { ordered: false },
      );
    } catch (error) {
      const errors = writeErrorsOf(error);
      if (!errors || errors.some((e) => e.code !== 11000)) throw error;
      failed = new Set(errors.map((e) => e.index));
    }
    if (!failed.size) return unique;
    const duplicates = unique.filter((_, i) => failed.has(i));
    const ours = new Set(
      (await this.collection.find({ _id: { $in: duplicates.map((e) => FACT_PREFIX + e.factId) }, by: eventId }, { projection: { _id: 1 } }).toArray()).map((d) =>
        (d._id as string).slice(FACT_PREFIX.length),
      ),
    );
    return unique.filter((e, i) => !failed.has(i) || ours.has(e.factId));
  }

  /** One guarded update per cell; answers the cell ids written. */
  private async increment(eventId: string, increments: readonly CellIncrement[]): Promise<string[]> {
    const byCell = new Map<string, { inc: Record<string, number>; fields: Record<string, string> }>();
    for (const i of increments) {
      const id = CELL_PREFIX + cellId(i.period, i.dimension);
      const cell = byCell.get(id) ?? { inc: {}, fields: { g: i.period.granularity, d: i.dimension.kind, period: i.period.key, value: i.dimension.value } };
      cell.inc[`m.${i.metric}`] = (cell.inc[`m.${i.metric}`] ?? 0) + i.by;
      byCell.set(id, cell);
    }
    const ids = [...byCell.keys()];
    if (!ids.length) return ids;
    const update = (id: string) => ({ $inc: byCell.get(id)!.inc, $push: { p: eventId }, $setOnInsert: byCell.get(id)!.fields });
    let raced: string[] = [];
    try {
      await this.cells.bulkWrite(
        ids.map((id) => ({ updateOne: { filter: { _id: id, p: { $ne: eventId } }, update: update(id), upsert: true } })),
        { ordered: false },
      );
    } catch (error) {
      const errors = writeErrorsOf(error);
      if (!errors || errors.some((e) => e.code !== 11000)) throw error;
      raced = errors.map((e) => ids[e.index]!);
    }
    // A duplicate key on an upsert: the cell exists (this event already applied to it, or another
    // writer created it meanwhile). Without upsert the guarded update now decides which.
    for (const id of raced) await this.cells.updateOne({ _id: id, p: { $ne: eventId } }, { $inc: byCell.get(id)!.inc, $push: { p: eventId } });
    return ids;
  }

  /** Retention: removes facts and applied markers whose period ended before `horizon`; cells, people and posts stay. */
  async purge(horizon: Date): Promise<number> {
    const result = await this.collection.deleteMany({ end: { $lt: horizon } });
    return result.deletedCount;
  }
}
