import { mongo } from 'mongoose';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { MongoEventStore } from './mongo-event-store';
import type { StreamDocument, StreamLease } from './stream-document';

/** A claimed stream and the events this cycle publishes for it. */
export interface Claimed {
  readonly id: string;
  readonly publishedVersion: number;
  readonly version: number;
  readonly events: readonly EventEnvelope[];
}

type Head = Pick<StreamDocument, '_id' | 'version' | 'outbox'> & { events?: EventEnvelope[] };
const NOT_IMPLEMENTED = 238;

/**
 * The relay's writes to stream documents: claim, mark, release, each a conditional update
 * (docs/event-store.md), atomic per document on MongoDB and on the patched local server.
 */
export class OutboxWrites {
  private sliceProjection = true;

  constructor(private readonly store: MongoEventStore) {}

  private get collection(): mongo.Collection<StreamDocument> {
    return this.store.collection;
  }

  /** Claims up to `limit` free pending streams under `lease` and returns their unpublished events. */
  async claim(lease: StreamLease, now: Date, limit: number): Promise<Claimed[]> {
    const free: mongo.Filter<StreamDocument> = { pending: true, $or: [{ lease: null }, { 'lease.until': { $lt: now } }] };
    const candidates = await this.collection.find(free, { projection: { version: 1, outbox: 1 } }).sort({ pendingSince: 1 }).limit(limit).toArray();
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c._id);
    // One conditional updateMany: per document atomic, so concurrent relays win disjoint sets.
    await this.collection.updateMany({ _id: { $in: ids }, ...free }, { $set: { lease } });
    const backlog = Math.max(...candidates.map((c) => c.version - c.outbox.publishedVersion));
    return this.readClaimed(ids, lease.token, backlog + 16);
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
  }

  /** Hands streams back after a failed publish, so the next cycle retries them at once. */
  async release(token: string, ids: readonly string[]): Promise<void> {
    await this.collection.updateMany({ _id: { $in: [...ids] }, 'lease.token': token }, { $set: { lease: null } });
  }

}

/** The events after publishedVersion, or null when the fetched tail does not reach back to them. */
function unpublished(doc: Head): Claimed | null {
  const from = doc.outbox.publishedVersion;
  const events = (doc.events ?? []).filter((event) => event.sequence > from);
  if (doc.version > from && events[0]?.sequence !== from + 1) return null;
  return { id: doc._id, publishedVersion: from, version: doc.version, events };
}
