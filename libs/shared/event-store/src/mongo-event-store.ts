import { EventEmitter } from 'node:events';
import { mongo, type Connection } from 'mongoose';
import { systemClock, type Clock, type CommandMetadata, type EventEnvelope, type NewEvent } from '@plein/shared/kernel';
import {
  checkEventCount,
  ConcurrencyConflictError,
  DEFAULT_STREAM_LIMITS,
  envelopeBytes,
  stampEvents,
  StreamTooLargeError,
  type AppendResult,
  type EventStore,
  type StreamLimits,
  type StreamSnapshot,
} from '@plein/shared/event-sourcing';
import { streamsCollectionName, type StreamDocument } from './stream-document';
import { Leases, type LeaseDocument } from './leases';
import { erasedStreamsCollectionName, erasureKey, redactPersonInEvents, StreamErasedError, type ErasedStreamDocument, type PersonPath } from './erasure';

export interface MongoEventStoreOptions {
  /** An open (or opening) mongoose connection; the store talks to its native driver. */
  readonly connection: Connection;
  /** Owning service; the collection is `<service>_streams`. */
  readonly service: string;
  /** Envelope `source`; defaults to `plein/<service>`. */
  readonly source?: string;
  readonly clock?: Clock;
  readonly limits?: Partial<StreamLimits>;
  /** Called on every envelope before it is written, e.g. `ContractRegistry.validate`; throw to reject. */
  readonly validate?: (envelope: EventEnvelope) => void;
  /**
   * Refuse to recreate an erased stream (`erase`): every stream creation looks for its tombstone
   * after the insert (one read more per new stream). Set by services that erase streams.
   */
  readonly tombstones?: boolean;
}

export interface ReadAllOptions {
  /** Only streams of these aggregate types (all when omitted). */
  readonly aggregateTypes?: readonly string[];
  /** Streams fetched per round trip. */
  readonly batchSize?: number;
}

export interface RedactPersonOptions {
  /** `wait` (default): rewrite only once every event is published; `redact`: rewrite unpublished events too. */
  readonly unpublished?: 'wait' | 'redact';
  /** Rounds (a lost race or a pending stream) before ConcurrencyConflictError; default 10. */
  readonly maxAttempts?: number;
  /** Pause between rounds while the stream is pending; default 100 ms. */
  readonly retryDelayMs?: number;
}

const DUPLICATE_KEY = 11000;

/**
 * Event store on MongoDB without transactions: one document per stream, optimistic concurrency
 * on `version`, the document doubling as the outbox. See docs/event-store.md.
 */
export class MongoEventStore implements EventStore {
  readonly collectionName: string;
  readonly limits: StreamLimits;
  readonly clock: Clock;
  private readonly source: string;
  private readonly appended = new EventEmitter();
  private leaseCollection: Leases | null = null;

  constructor(private readonly options: MongoEventStoreOptions) {
    this.collectionName = streamsCollectionName(options.service);
    this.source = options.source ?? `plein/${options.service}`;
    this.clock = options.clock ?? systemClock;
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
    this.appended.setMaxListeners(0);
  }

  /** The native collection (the connection must be open). */
  get collection(): mongo.Collection<StreamDocument> {
    return this.db.collection<StreamDocument>(this.collectionName);
  }

  private get db(): mongo.Db {
    const db = this.options.connection.db;
    if (!db) throw new Error(`MongoEventStore(${this.collectionName}): the mongoose connection is not open yet; await init() first`);
    return db;
  }

  /**
   * Named leases of this service, in `<service>_leases` (always on the system clock): an
   * organisation-wide critical section across processes, such as identity's last-admin check.
   */
  get leases(): Leases {
    this.leaseCollection ??= new Leases(this.db.collection<LeaseDocument>(`${this.collectionName.replace(/_streams$/, '')}_leases`), systemClock, `${process.pid}`);
    return this.leaseCollection;
  }

  /** Waits for the connection and creates the indexes (idempotent; call once at startup). */
  async init(): Promise<void> {
    await this.options.connection.asPromise();
    const indexes: mongo.IndexDescription[] = [
      // The relay's claim query: pending streams whose lease is free or expired.
      { key: { pending: 1, 'lease.until': 1 }, name: 'outbox_claim' },
      // Outbox age metric and fair (oldest first) claiming.
      { key: { pending: 1, pendingSince: 1 }, name: 'outbox_age' },
      { key: { aggregateType: 1, _id: 1 }, name: 'aggregate_type' },
    ];
    // One index per call: FerretDB 1.24 drops the connection when a multi-index createIndexes
    // names indexes that already exist.
    for (const index of indexes) await this.collection.createIndexes([index]);
  }

  /**
   * Subscribes to successful appends in this process (the relay's low-latency nudge).
   * Returns the unsubscribe function.
   */
  onAppend(listener: (streamId: string) => void): () => void {
    this.appended.on('append', listener);
    return () => this.appended.off('append', listener);
  }

  async readStream(streamId: string): Promise<StreamSnapshot | null> {
    const doc = await this.collection.findOne(
      { _id: streamId },
      { projection: { aggregateType: 1, aggregateId: 1, version: 1, events: 1 } },
    );
    return doc ? toSnapshot(doc) : null;
  }

  async append(streamId: string, expectedVersion: number, newEvents: readonly NewEvent[], metadata: CommandMetadata): Promise<AppendResult> {
    const events = stampEvents({ streamId, expectedVersion, source: this.source, clock: this.clock, validate: this.options.validate }, newEvents, metadata);
    if (events.length === 0) return { streamId, version: expectedVersion, events };
    checkEventCount(streamId, expectedVersion, events.length, this.limits);
    const bytes = envelopeBytes(events);
    const version = expectedVersion + events.length;
    const now = this.clock.now();

    if (expectedVersion === 0) {
      if (bytes > this.limits.maxBytes) throw this.tooLarge(streamId, version, bytes);
      const { aggregateType, aggregateId } = events[0]!;
      try {
        await this.collection.insertOne({
          _id: streamId, aggregateType, aggregateId, version, bytes, events,
          outbox: { publishedVersion: 0 }, pending: true, pendingSince: now, lease: null, createdAt: now, updatedAt: now,
        });
      } catch (error) {
        if (error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY) {
          throw new ConcurrencyConflictError(streamId, expectedVersion, await this.currentVersion(streamId));
        }
        throw error;
      }
      // Checked after the insert, not before: an erasure writes its tombstone before it deletes,
      // so a creation racing it is either deleted by it or finds the tombstone here.
      if (this.options.tombstones && (await this.isErased(streamId))) {
        await this.collection.deleteOne({ _id: streamId, version });
        throw new StreamErasedError();
      }
    } else {
      const update = {
        $push: { events: { $each: events } },
        $set: { version, pending: true, updatedAt: now },
        $inc: { bytes },
        // Keeps the first unpublished append's time while the stream stays pending.
        $min: { pendingSince: now },
      };
      // The byte guard is part of the filter, so check and write are one atomic step.
      const result = await this.collection.updateOne({ _id: streamId, version: expectedVersion, bytes: { $lte: this.limits.maxBytes - bytes } }, update);
      if (result.matchedCount === 0) await this.explainMiss(streamId, expectedVersion, version, bytes);
    }
    this.appended.emit('append', streamId);
    return { streamId, version, events };
  }

  /**
   * Every event of every (selected) stream, stream by stream in `_id` order, each stream's events in
   * sequence order; for projection rebuilds. Pages by `_id` instead of holding one long cursor, so a
   * slow consumer of the iterator cannot hit a server-side cursor timeout.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<EventEnvelope> {
    const batchSize = options.batchSize ?? 100;
    let after: string | null = null;
    for (;;) {
      const filter: mongo.Filter<StreamDocument> = {};
      if (options.aggregateTypes) filter.aggregateType = { $in: [...options.aggregateTypes] };
      if (after !== null) filter._id = { $gt: after };
      const page = await this.collection.find(filter, { projection: { events: 1 } }).sort({ _id: 1 }).limit(batchSize).toArray();
      for (const doc of page) yield* doc.events;
      if (page.length < batchSize) return;
      after = page[page.length - 1]!._id;
    }
  }

  /** Tombstones of erased streams, `<service>_streams_erased` (the connection must be open). */
  get erasedCollection(): mongo.Collection<ErasedStreamDocument> {
    return this.db.collection<ErasedStreamDocument>(erasedStreamsCollectionName(this.options.service));
  }

  /**
   * Erases a stream for good: its events, and with them its outbox state (the document is the
   * outbox) and its idempotency records (causation ids inside the events). Leaves a tombstone keyed
   * by erasureKey(streamId), holding no id, written before the delete so a creation racing the
   * erasure is refused (with `tombstones`). Idempotent; answers whether a stream document was
   * deleted. Copies already published to Kafka are not touched (docs/adr/0025).
   */
  async erase(streamId: string): Promise<boolean> {
    try {
      await this.erasedCollection.updateOne({ _id: erasureKey(streamId) }, { $setOnInsert: { erasedAt: this.clock.now() } }, { upsert: true });
    } catch (error) {
      // Two erasures upserting at once: the other one wrote the tombstone.
      if (!(error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    const { deletedCount } = await this.collection.deleteOne({ _id: streamId });
    return deletedCount === 1;
  }

  /**
   * Takes a person out of another stream's stored events (a stream that is not theirs, so it is not
   * erased): their id becomes erasureKey(id) in the envelope `actorId`, in a `causationId` holding it
   * and at the given `data` paths (`redactPersonInEvents`). One conditional update of the stream
   * document on its version (the document is the stream: atomic), retried when an append came in
   * between; event order, ids, sequences, types, versions, the stream's version and its outbox
   * state stay. By default (`unpublished: 'wait'`) only a stream whose events are all published is
   * rewritten, so a topic never carries an erasureKey where its contract names an id: a pending
   * stream is retried after `retryDelayMs` and, still pending after `maxAttempts`, answers
   * ConcurrencyConflictError (the caller retries later). `'redact'` rewrites unpublished events
   * too (they are then published redacted). Idempotent; answers whether anything changed. Copies
   * already on Kafka are not touched (docs/adr/0025).
   */
  async redactPerson(streamId: string, personId: string, dataPaths: readonly PersonPath[] = [], options: RedactPersonOptions = {}): Promise<boolean> {
    const { unpublished = 'wait', maxAttempts = 10, retryDelayMs = 100 } = options;
    for (let attempt = 1; ; attempt++) {
      const doc = await this.collection.findOne({ _id: streamId }, { projection: { version: 1, events: 1, outbox: 1 } });
      if (!doc) return false;
      const events = redactPersonInEvents(doc.events, personId, dataPaths);
      if (events === doc.events) return false;
      const waiting = unpublished === 'wait' && doc.outbox.publishedVersion < doc.version;
      if (!waiting) {
        const filter: mongo.Filter<StreamDocument> = { _id: streamId, version: doc.version, ...(unpublished === 'wait' ? { 'outbox.publishedVersion': doc.version } : {}) };
        const delta = envelopeBytes(events) - envelopeBytes(doc.events);
        const result = await this.collection.updateOne(filter, { $set: { events: [...events], updatedAt: this.clock.now() }, $inc: { bytes: delta } });
        if (result.matchedCount === 1) return true;
      }
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(streamId, doc.version, await this.currentVersion(streamId));
      if (waiting) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }

  /** Whether `erase(streamId)` was called. */
  async isErased(streamId: string): Promise<boolean> {
    return (await this.erasedCollection.countDocuments({ _id: erasureKey(streamId) }, { limit: 1 })) === 1;
  }

  /** The conditional update matched nothing: tell a lost race from a full stream. */
  private async explainMiss(streamId: string, expectedVersion: number, version: number, bytes: number): Promise<never> {
    const doc = await this.collection.findOne({ _id: streamId }, { projection: { version: 1, bytes: 1 } });
    if (doc && doc.version === expectedVersion && doc.bytes + bytes > this.limits.maxBytes) {
      throw this.tooLarge(streamId, version, doc.bytes + bytes);
    }
    throw new ConcurrencyConflictError(streamId, expectedVersion, doc?.version ?? null);
  }

  private async currentVersion(streamId: string): Promise<number | null> {
    const doc = await this.collection.findOne({ _id: streamId }, { projection: { version: 1 } });
    return doc?.version ?? null;
  }

  private tooLarge(streamId: string, events: number, bytes: number): StreamTooLargeError {
    return new StreamTooLargeError(streamId, { events: this.limits.maxEvents, bytes: this.limits.maxBytes }, { events, bytes });
  }
}

function toSnapshot(doc: Pick<StreamDocument, '_id' | 'aggregateType' | 'aggregateId' | 'version' | 'events'>): StreamSnapshot {
  return { streamId: doc._id, aggregateType: doc.aggregateType, aggregateId: doc.aggregateId, version: doc.version, events: doc.events };
}
