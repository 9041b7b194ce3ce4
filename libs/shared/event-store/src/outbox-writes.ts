import { mongo } from 'mongoose';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { MongoEventStore, WriteMode } from './mongo-event-store';
import type { StreamDocument, StreamLease } from './stream-document';
import type { HeldLocks } from './stream-locks';

/** A claimed stream and the events this cycle publishes for it. */
export interface Claimed {
  readonly id: string;
  readonly publishedVersion: number;
  readonly version: number;
  readonly events: readonly EventEnvelope[];
}

type Head = Pick<StreamDocument, '_id' | 'version' | 'outbox'> & { events?: EventEnvelope[] };
const NOT_IMPLEMENTED = 238;
const LOCKED_PARALLELISM = 8;
/**
 * Streams locked and read together by one claim or mark step in `locked` mode: one lock insert,
 * one read and one unlock per chunk, plus one write per stream, instead of four requests per
 * stream. Small enough that an appender waits for one chunk, not a batch.
 */
const LOCKED_CHUNK = 25;
const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const isFree = (doc: Pick<StreamDocument, 'pending' | 'lease'>, now: Date): boolean =>
  doc.pending && (doc.lease === null || doc.lease === undefined || doc.lease.until.getTime() < now.getTime());

/**
 * The relay's writes to stream documents: claim, mark, release. In `atomic` mode they are the
 * conditional updates of docs/event-store.md; in `locked` mode the same conditions are checked and
 * written under StreamLocks (see stream-locks.ts for why), with exact-_id reads and writes only.
 */
export class OutboxWrites {
  private sliceProjection = true;

  constructor(
    private readonly store: MongoEventStore,
    private readonly mode: WriteMode,
  ) {}

  private get collection(): mongo.Collection<StreamDocument> {
    return this.store.collection;
  }

  /** Claims up to `limit` free pending streams under `lease` and returns their unpublished events. */
  async claim(lease: StreamLease, now: Date, limit: number): Promise<Claimed[]> {
    const free: mongo.Filter<StreamDocument> = { pending: true, $or: [{ lease: null }, { 'lease.until': { $lt: now } }] };
    const candidates = await this.collection.find(free, { projection: { version: 1, outbox: 1 } }).sort({ pendingSince: 1 }).limit(limit).toArray();
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c._id);
    if (this.mode === 'locked') return this.claimLocked(ids, lease, now);
    // One conditional updateMany: per document atomic, so concurrent relays win disjoint sets.
    await this.collection.updateMany({ _id: { $in: ids }, ...free }, { $set: { lease } });
    const backlog = Math.max(...candidates.map((c) => c.version - c.outbox.publishedVersion));
    return this.readClaimed(ids, lease.token, backlog + 16);
  }

  /** Busy streams (locked by an appender or another relay) are skipped: they are claimed next cycle. */
  private async claimLocked(ids: string[], lease: StreamLease, now: Date): Promise<Claimed[]> {
    const claimed: Claimed[] = [];
    for (const chunk of chunks(ids, LOCKED_CHUNK)) {
      const locks = await this.store.locks.tryAcquire(chunk);
      if (locks.held.length === 0) continue;
      try {
        const docs = await this.collection.find({ _id: { $in: [...locks.held] } }, { projection: { version: 1, outbox: 1, pending: 1, lease: 1, events: 1 } }).toArray();
        const won = await this.writeEach(locks, docs.filter((doc) => isFree(doc, now)).map((doc) => ({ doc, update: { $set: { lease } } })));
        claimed.push(...won.map((doc) => unpublished(doc)!));
      } finally {
        await locks.release();
      }
    }
    return claimed;
  }

  /**
   * Reads the claimed documents with only their last `tail` events where the server supports
   * `$slice` projections; whole otherwise (FerretDB answers NotImplemented; detected once).
   * A stream whose tail does not reach back to its first unpublished event is re-read whole.
   */
  private async readClaimed(ids: string[], token: string, tail: number): Promise<Claimed[]> {
    const won = { _id: { $in: ids }, 'lease.token': token };
    let docs: Head[] | null = null;
    if (this.sliceProjection) {
      try {
        docs = await this.collection.find(won, { projection: { version: 1, outbox: 1, events: { $slice: -tail } } }).toArray();
      } catch (error) {
        if (!(error instanceof mongo.MongoServerError && error.code === NOT_IMPLEMENTED)) throw error;
        this.sliceProjection = false;
      }
    }
    docs ??= await this.collection.find(won, { projection: { version: 1, outbox: 1, events: 1 } }).toArray();
    const claimed: Claimed[] = [];
    const short: string[] = [];
    for (const doc of docs) {
      const stream = unpublished(doc);
      if (stream) claimed.push(stream);
      else short.push(doc._id);
    }
    if (short.length > 0) {
      const full = await this.collection.find({ _id: { $in: short }, 'lease.token': token }, { projection: { version: 1, outbox: 1, events: 1 } }).toArray();
      for (const doc of full) claimed.push(unpublished(doc)!);
    }
    return claimed;
  }

  /**
   * Per stream exactly one of two updates applies, both guarded by the lease token and the
   * publishedVersion read: nothing appended since the read → clear `pending`; more appended → stay
   * pending, the oldest unpublished event being newer than `readAt`. A lost lease matches neither.
   */
  async mark(token: string, claimed: readonly Claimed[], readAt: Date): Promise<void> {
    const caughtUp = (stream: Claimed) => ({
      $set: { 'outbox.publishedVersion': stream.version, pending: false, lease: null },
      $unset: { pendingSince: '' as const },
    });
    const behind = (stream: Claimed) => ({ $set: { 'outbox.publishedVersion': stream.version, lease: null, pendingSince: readAt } });
    if (this.mode === 'atomic') {
      await this.collection.bulkWrite(
        claimed.flatMap((stream) => {
          const guard = { _id: stream.id, 'lease.token': token, 'outbox.publishedVersion': stream.publishedVersion };
          return [
            { updateOne: { filter: { ...guard, version: stream.version }, update: caughtUp(stream) } },
            { updateOne: { filter: { ...guard, version: { $gt: stream.version } }, update: behind(stream) } },
          ];
        }),
        { ordered: false },
      );
      return;
    }
    const byId = new Map(claimed.map((stream) => [stream.id, stream]));
    await this.writeLocked([...byId.keys()], { version: 1, outbox: 1, lease: 1 }, (doc) => {
      const stream = byId.get(doc._id)!;
      if (doc.lease?.token !== token || doc.outbox.publishedVersion !== stream.publishedVersion) return null;
      return doc.version === stream.version ? caughtUp(stream) : behind(stream);
    });
  }

  /** Hands streams back after a failed publish, so the next cycle retries them at once. */
  async release(token: string, ids: readonly string[]): Promise<void> {
    if (this.mode === 'atomic') {
      await this.collection.updateMany({ _id: { $in: [...ids] }, 'lease.token': token }, { $set: { lease: null } });
      return;
    }
    await this.writeLocked(ids, { lease: 1 }, (doc) => (doc.lease?.token === token ? { $set: { lease: null } } : null));
  }

  /**
   * Mark and release in `locked` mode: per chunk, lock what is free at once, read it at once, let
   * `decide` pick each document's update and write it. Streams that were busy (or whose write did
   * not fit in the lock window) are done one by one below, waiting for their lock.
   */
  private async writeLocked(ids: readonly string[], projection: mongo.Document, decide: (doc: StreamDocument) => mongo.UpdateFilter<StreamDocument> | null): Promise<void> {
    const retry: string[] = [];
    for (const chunk of chunks(ids, LOCKED_CHUNK)) {
      const locks = await this.store.locks.tryAcquire(chunk);
      retry.push(...chunk.filter((id) => !locks.held.includes(id)));
      if (locks.held.length === 0) continue;
      try {
        const docs = await this.collection.find({ _id: { $in: [...locks.held] } }, { projection }).toArray();
        const planned = docs.flatMap((doc) => {
          const update = decide(doc);
          return update ? [{ doc, update }] : [];
        });
        const written = new Set((await this.writeEach(locks, planned)).map((doc) => doc._id));
        retry.push(...planned.filter(({ doc }) => !written.has(doc._id)).map(({ doc }) => doc._id));
      } finally {
        await locks.release();
      }
    }
    if (retry.length > 0) await this.eachLocked(retry, true, projection, (doc) => {
      const update = decide(doc);
      return update ? { update, result: true } : null;
    });
  }

  /**
   * One `updateOne` by _id per locked document, in parallel, each started only while the lock
   * window has room (`stillHeld`). Never one multi-document write: FerretDB rewrites every
   * document it touches from a read made at the start, and the longer that takes, the likelier
   * the lock expires meanwhile and an append written in between is overwritten (a bench run
   * with 25-document updateMany claims, 4 s each under load, ended one append short). Returns
   * the documents written.
   */
  private async writeEach(locks: HeldLocks, planned: readonly { doc: StreamDocument; update: mongo.UpdateFilter<StreamDocument> }[]): Promise<StreamDocument[]> {
    const written = await Promise.all(
      planned.map(async ({ doc, update }) => {
        if (!locks.stillHeld()) return null;
        await this.collection.updateOne({ _id: doc._id }, update);
        return doc;
      }),
    );
    return written.filter((doc): doc is StreamDocument => doc !== null);
  }

  /**
   * Per stream, independently and in parallel: lock, read, let `decide` pick the update, write,
   * unlock. Each lock is held for one document's read and write only, so appenders wait
   * milliseconds, not a batch. `wait`: wait for a busy stream (mark, release) or skip it (claim).
   * A stream that stays busy keeps its lease until expiry and is republished: never lost.
   */
  private async eachLocked<T>(
    ids: readonly string[],
    wait: boolean,
    projection: mongo.Document,
    decide: (doc: StreamDocument) => { update: mongo.UpdateFilter<StreamDocument>; result: T } | null,
  ): Promise<(T | null)[]> {
    const locks = this.store.locks;
    const results: (T | null)[] = new Array(ids.length).fill(null);
    let next = 0;
    // A few streams at a time: flooding a slow server would only queue every appender behind us.
    const worker = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        const _id = ids[i]!;
        const lock = wait ? await locks.acquireOne(_id, 2_000) : await locks.tryAcquire([_id]);
        if (!lock || lock.held.length === 0) continue;
        try {
          const doc = await this.collection.findOne({ _id }, { projection });
          const decision = doc ? decide(doc) : null;
          if (!decision || !lock.stillHeld()) continue;
          await this.collection.updateOne({ _id }, decision.update);
          results[i] = decision.result;
        } finally {
          await lock.release();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOCKED_PARALLELISM, ids.length) }, worker));
    return results;
  }
}

/** The events after publishedVersion, or null when the fetched tail does not reach back to them. */
function unpublished(doc: Head): Claimed | null {
  const from = doc.outbox.publishedVersion;
  const events = (doc.events ?? []).filter((event) => event.sequence > from);
  if (doc.version > from && events[0]?.sequence !== from + 1) return null;
  return { id: doc._id, publishedVersion: from, version: doc.version, events };
}
