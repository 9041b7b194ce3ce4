import { createHash, randomUUID } from 'node:crypto';
import type { ContentScope, ContentStateChange, InboxStore, NewNotification } from '@plein/notifications/application';
import { ACTORS_KEPT, groupKeyOf, type Notification, type NotificationTarget, type NotificationType, type Urgency } from '@plein/notifications/domain';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { mongo } from 'mongoose';

type Collection<T extends mongo.Document> = mongo.Collection<T>;

/** A uuid-shaped id derived from its parts (the same parts, the same id: redeliveries land on the same document). */
export function derivedId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface InboxItemDocument {
  _id: string;
  recipientId: string;
  type: NotificationType;
  target: NotificationTarget;
  /** Distinct actors in the order they first acted. */
  actors: string[];
  /** Contributions (source events) the item stands for. */
  count: number;
  groupKey: string;
  urgency: Urgency;
  confidential: boolean;
  excerpt?: string;
  dueAt?: string;
  createdAt: string;
  updatedAt: string;
  /** Written at every change; the purge drops items whose last change is older than the retention. */
  touchedAt: Date;
  sourceEventId: string;
  read: boolean;
  seq: number;
  /** Moderation hid the post (or the post of the comment) this item is about from its recipient. */
  hiddenByPost?: true;
  /** Moderation hid the comment this item is about from its recipient. */
  hiddenByComment?: true;
}

/** What the inbox's own reads return: items no moderation hides from their recipient. */
export const VISIBLE = { hiddenByPost: { $ne: true }, hiddenByComment: { $ne: true } } as const;

/** `post:<id>` or `comment:<id>`: the last moderation or deletion of a piece of content (none: visible). */
interface ContentStateDocument {
  _id: string;
  state: ContentStateChange['state'];
  authorId: string | null;
  sequence: number;
}

const contentKey = (scope: ContentScope): string => (scope.kind === 'post' ? `post:${scope.postId}` : `comment:${scope.commentId}`);

/** One per (recipient, source event, type): `applied` turns true once the item was written. */
interface SourceDocument {
  _id: string;
  /** The write that recorded it: applied once `batch:<write>` exists (written after its items). */
  batch?: string;
  /** Written by earlier versions: true once the item was written. */
  applied?: boolean;
  at: Date;
}

/** A block of write-order numbers from `from`, held back from readers by its mark until dropped. */
interface Reservation {
  from: number;
  mark: CounterDocument['pending'][number];
}

/** The write-order counter with the reservations of writes in progress. */
interface CounterDocument {
  _id: 'seq';
  seq: number;
  pending: { id: string; from: number; expiresAt: Date }[];
}

export interface MongoInboxOptions {
  /** Collections `<namespace>_inbox_v1`, `<namespace>_inbox_sources_v1`, `<namespace>_inbox_seq_v1`. */
  readonly namespace: string;
  readonly clock?: Clock;
  /** A write whose reservation is older than this (its writer died) no longer holds readers back. Default 60 s. */
  readonly reservationTtlMs?: number;
}

export const INBOX_VERSION = 1;

/**
 * The inbox store in MongoDB. Every write of an item takes the next number of one write-order
 * counter (`seq`): writers reserve a block of numbers in the counter document (compare-and-set)
 * together with a pending mark, write their items, then drop the mark. Readers (the stream of every
 * replica, the delivery channels) read only up to the head: the counter, or just below the oldest
 * pending mark, so a reader that moves past a number never finds an earlier number appear later.
 */
export class MongoInbox implements InboxStore {
  readonly items: Collection<InboxItemDocument>;
  private readonly sources: Collection<SourceDocument>;
  private readonly counter: Collection<CounterDocument>;
  private readonly content: Collection<ContentStateDocument>;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  /** The counter's value after this store's last reservation (the next one's first guess). */
  private lastSeen: number | undefined;
  /** Reservations asked for while one is on its way; `reserving` takes them. */
  private readonly waiting: { n: number; id: string; resolve: (r: Reservation) => void; reject: (e: unknown) => void }[] = [];
  private reserving: Promise<void> | null = null;

  constructor(
    db: mongo.Db,
    options: MongoInboxOptions,
  ) {
    this.items = db.collection(`${options.namespace}_inbox_v${INBOX_VERSION}`);
    this.sources = db.collection(`${options.namespace}_inbox_sources_v${INBOX_VERSION}`);
    this.counter = db.collection(`${options.namespace}_inbox_seq_v${INBOX_VERSION}`);
    this.content = db.collection(`${options.namespace}_inbox_content_v${INBOX_VERSION}`);
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.reservationTtlMs ?? 60_000;
  }

  async ensure(): Promise<void> {
    await this.items.createIndex({ recipientId: 1, seq: -1 });
    await this.items.createIndex({ seq: 1 });
    await this.items.createIndex({ recipientId: 1, read: 1 });
    await this.items.createIndex({ touchedAt: 1 });
    // Moderation and deletion update every item about a post (and its comments) at once.
    await this.items.createIndex({ 'target.postId': 1 });
    await this.sources.createIndex({ at: 1 });
    await this.counter.updateOne({ _id: 'seq' }, { $setOnInsert: { seq: 0, pending: [] } }, { upsert: true });
  }

  async add(contributions: readonly NewNotification[]): Promise<number> {
    if (contributions.length === 0) return 0;
    const byKey = new Map<string, NewNotification>();
    for (const c of contributions) byKey.set(derivedId(c.recipientId, c.sourceEventId, c.type), c);
    const keys = [...byKey.keys()];
    const at = this.clock.now();
    const write = randomUUID();
    // Numbers for every contribution first (a redelivery leaves the ones it does not use as gaps,
    // which readers pass over), so recording the sources and reading the content states go together.
    const reservation = await this.reserve(keys.length, write);
    let done = false;
    let allNew = true;
    let todo: NewNotification[] = [];
    try {
      const [inserted, states] = await Promise.all([
        this.sources.insertMany(keys.map((_id) => ({ _id, batch: write, at })), { ordered: false }).then(
          () => true,
          (error: unknown) => {
            if (!isDuplicateOnly(error)) throw error;
            return false;
          },
        ),
        // Read after the reservation: a moderation that changed its content's state before this read is
        // seen here, one that changed it later waits for this reservation and then updates these items.
        this.contentStates(contributions),
      ]);
      allNew = inserted;
      // New ones, and (only when some were there already: a redelivery) ones a writer that died left half-done.
      const open = allNew ? new Set(keys) : await this.notApplied(keys);
      todo = keys.filter((k) => open.has(k)).map((k) => byKey.get(k)!);
      if (todo.length === 0) return 0;
      const now = at.toISOString();
      const writes = todo.flatMap((c, i) => {
        const moderation = moderationOf(states, c);
        if (moderation === 'deleted') return [];
        const groupKey = groupKeyOf(c.type, c.target.id, c.sourceEventId);
        const insert: Partial<InboxItemDocument> = { recipientId: c.recipientId, type: c.type, target: c.target, groupKey, urgency: c.urgency, confidential: c.confidential, createdAt: c.occurredAt };
        if (c.dueAt) insert.dueAt = c.dueAt;
        const set = {
          seq: reservation.from + i,
          updatedAt: c.occurredAt > now ? now : c.occurredAt,
          touchedAt: at,
          sourceEventId: c.sourceEventId,
          read: false,
          ...(c.excerpt ? { excerpt: c.excerpt } : {}),
          ...(moderation.byPost ? { hiddenByPost: true as const } : {}),
          ...(moderation.byComment ? { hiddenByComment: true as const } : {}),
        };
        const unset: { hiddenByPost?: true; hiddenByComment?: true } = { ...(moderation.byPost ? {} : { hiddenByPost: true as const }), ...(moderation.byComment ? {} : { hiddenByComment: true as const }) };
        return [{ index: i, _id: derivedId(c.recipientId, groupKey), insert, set, unset, actorId: c.actorId }];
      });
      // Every item is first inserted whole, in one batch (every one of a large fan-out is new): the
      // server applies a bulk of upserts one by one (FerretDB: ~10 ms each, 100 s for 10,000). An item
      // that exists (grouping), or that this batch names twice, is refused and updated after the inserts.
      const seen = new Set<string>();
      const inserts: typeof writes = [];
      const updates: typeof writes = [];
      for (const w of writes) {
        if (seen.has(w._id)) updates.push(w);
        else {
          seen.add(w._id);
          inserts.push(w);
        }
      }
      if (inserts.length > 0) {
        const docs = inserts.map((w) => ({ _id: w._id, ...w.insert, ...w.set, count: 1, actors: w.actorId ? [w.actorId] : [] }) as InboxItemDocument);
        const failed = await this.items.insertMany(docs, { ordered: false }).then(
          () => [] as number[],
          (error: unknown) => {
            // The item exists (grouping, or another writer created it meanwhile): applied as an update below.
            const refused = isDuplicateOnly(error) ? writeErrorIndexes(error) : [];
            if (refused.length === 0) throw error;
            return refused;
          },
        );
        updates.push(...failed.map((k) => inserts[k]!));
      }
      if (updates.length > 0) {
        // Ordered by reservation: an item named twice ends with the later number.
        updates.sort((a, b) => a.index - b.index);
        await this.items.bulkWrite(
          updates.map((w) => ({
            updateOne: {
              filter: { _id: w._id },
              update: { $setOnInsert: w.insert, $set: w.set, $inc: { count: 1 }, ...(Object.keys(w.unset).length > 0 ? { $unset: w.unset } : {}), ...(w.actorId ? { $addToSet: { actors: w.actorId } } : { $setOnInsert: { ...w.insert, actors: [] } }) },
              upsert: true,
            },
          })),
          { ordered: true },
        );
      }
      // Sources recorded by an earlier write that did not finish (a redelivery) now belong to this one.
      if (!allNew) await this.sources.updateMany({ _id: { $in: todo.map((c) => derivedId(c.recipientId, c.sourceEventId, c.type)) } }, { $set: { batch: write }, $unset: { applied: '' } });
      done = true;
    } finally {
      // The whole element: FerretDB's $pull matches elements by equality, not by a condition on their fields.
      // Once the items are written, one document marks every source of this write applied (an update of
      // each source marker cost FerretDB ~40 ms per marker under load), beside dropping the mark.
      await Promise.all([done ? this.sources.insertOne({ _id: `batch:${write}`, at }) : undefined, this.counter.updateOne({ _id: 'seq' }, { $pull: { pending: reservation.mark } })]);
    }
    return todo.length;
  }

  /** The moderation states of the posts and comments these contributions are about (one read; none: all visible). */
  private async contentStates(todo: readonly NewNotification[]): Promise<Map<string, ContentStateDocument>> {
    const keys = new Set<string>();
    for (const c of todo) {
      if (!c.target.postId || c.target.kind === 'moderation-case') continue;
      keys.add(contentKey({ kind: 'post', postId: c.target.postId }));
      if (c.target.kind === 'comment') keys.add(contentKey({ kind: 'comment', postId: c.target.postId, commentId: c.target.id }));
    }
    if (keys.size === 0) return new Map();
    const docs = await this.content.find({ _id: { $in: [...keys] } }).toArray();
    return new Map(docs.map((d) => [d._id, d]));
  }

  async setContentState(change: ContentStateChange): Promise<void> {
    const _id = contentKey(change.scope);
    try {
      await this.content.updateOne({ _id, sequence: { $lt: change.sequence } }, { $set: { state: change.state, authorId: change.authorId, sequence: change.sequence } }, { upsert: true });
    } catch (error) {
      // A later change was applied already (the upsert's insert meets the existing row): that one stands.
      if (!isDuplicateOnly(error)) throw error;
    }
    const current = await this.content.findOne({ _id });
    if (!current) return;
    await this.applyContentState(change.scope, current);
    // Writers that reserved before the state changed may have read the old one: once they are done,
    // their items are brought in line too (at most the reservation TTL; a dead writer's mark expires).
    const counter = await this.counter.findOne({ _id: 'seq' });
    const waiting = new Set((counter?.pending ?? []).map((p) => p.id));
    if (waiting.size === 0) return;
    const deadline = this.clock.now().getTime() + this.ttlMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = this.clock.now().getTime();
      const still = ((await this.counter.findOne({ _id: 'seq' }))?.pending ?? []).filter((p) => waiting.has(p.id) && new Date(p.expiresAt).getTime() > now);
      if (still.length === 0 || now > deadline) break;
    }
    await this.applyContentState(change.scope, current);
  }

  /** One bulk update (or delete) of every item about the content; moderation outcomes stay (they are the author's own case). */
  private async applyContentState(scope: ContentScope, state: ContentStateDocument): Promise<void> {
    const filter: mongo.Filter<InboxItemDocument> =
      scope.kind === 'post' ? { 'target.postId': scope.postId, 'target.kind': { $ne: 'moderation-case' } } : { 'target.postId': scope.postId, 'target.kind': 'comment', 'target.id': scope.commentId };
    const flag = scope.kind === 'post' ? 'hiddenByPost' : 'hiddenByComment';
    if (state.state === 'deleted') await this.items.deleteMany(filter);
    else if (state.state === 'hidden') await this.items.updateMany({ ...filter, ...(state.authorId ? { recipientId: { $ne: state.authorId } } : {}) }, { $set: { [flag]: true } });
    else await this.items.updateMany({ ...filter, [flag]: true }, { $unset: { [flag]: '' } });
  }

  /** Takes `n` numbers after the counter, with a pending mark (compare-and-set on the counter's value). */
  /** Of these recorded sources, the ones whose write did not finish (its writer died, or is still at it). */
  private async notApplied(keys: readonly string[]): Promise<Set<string>> {
    const docs = await this.sources.find({ _id: { $in: [...keys] } }).toArray();
    const batches = [...new Set(docs.flatMap((d) => (d.applied === undefined && d.batch ? [`batch:${d.batch}`] : [])))];
    const finished = new Set(batches.length > 0 ? (await this.sources.find({ _id: { $in: batches } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id) : []);
    return new Set(docs.filter((d) => (d.applied === undefined ? !finished.has(`batch:${d.batch}`) : !d.applied)).map((d) => d._id));
  }

  /**
   * Takes `n` numbers after the counter, with a pending mark. Reservations asked for while one is on
   * its way to the server are taken together by the next (one compare-and-set for all of them, each
   * with its own block and mark), so the writers of one replica do not compete for the counter.
   */
  private reserve(n: number, id: string = randomUUID()): Promise<Reservation> {
    return new Promise<Reservation>((resolve, reject) => {
      this.waiting.push({ n, id, resolve, reject });
      this.reserving ??= this.drainReservations();
    });
  }

  private async drainReservations(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0);
      try {
        const taken = await this.reserveBlocks(group);
        group.forEach((g, i) => g.resolve(taken[i]!));
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    this.reserving = null;
  }

  /**
   * One compare-and-set on the counter for consecutive blocks: first on the value this store last saw
   * (one round trip while this replica is the only writer), else on the value read.
   */
  private async reserveBlocks(requests: readonly { n: number; id: string }[]): Promise<Reservation[]> {
    const total = requests.reduce((sum, r) => sum + r.n, 0);
    const blocks = (seq: number): Reservation[] => {
      const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs);
      let from = seq + 1;
      return requests.map((r) => {
        const block = { from, mark: { id: r.id, from, expiresAt } };
        from += r.n;
        return block;
      });
    };
    if (this.lastSeen !== undefined) {
      const seq = this.lastSeen;
      const taken = blocks(seq);
      const done = await this.counter.updateOne({ _id: 'seq', seq }, { $set: { seq: seq + total }, $push: { pending: { $each: taken.map((t) => t.mark) } } });
      if (done.modifiedCount === 1) {
        this.lastSeen = seq + total;
        return taken;
      }
      this.lastSeen = undefined;
    }
    for (let attempt = 0; ; attempt++) {
      const current = await this.counter.findOne({ _id: 'seq' });
      const seq = current?.seq ?? 0;
      const taken = blocks(seq);
      const marks = taken.map((t) => t.mark);
      const done = current
        ? await this.counter.updateOne({ _id: 'seq', seq }, { $set: { seq: seq + total }, $push: { pending: { $each: marks } } })
        : await this.counter.updateOne({ _id: 'seq' }, { $setOnInsert: { seq: total, pending: marks } }, { upsert: true });
      if (done.modifiedCount === 1 || done.upsertedCount === 1) {
        this.lastSeen = seq + total;
        return taken;
      }
      if (attempt > 200) throw new Error('inbox counter: too much contention');
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * Math.min(attempt + 1, 10))));
    }
  }

  async head(): Promise<number> {
    const counter = await this.counter.findOne({ _id: 'seq' });
    if (!counter) return 0;
    const now = this.clock.now().getTime();
    // FerretDB leaves an empty array out of a $setOnInsert: no pending field means no marks.
    const held = (counter.pending ?? []).filter((p) => new Date(p.expiresAt).getTime() > now).map((p) => p.from - 1);
    return Math.min(counter.seq, ...held);
  }

  async readAfter(afterSeq: number, limit: number): Promise<Notification[]> {
    const head = await this.head();
    if (head <= afterSeq) return [];
    const docs = await this.items.find({ seq: { $gt: afterSeq, $lte: head } }).sort({ seq: 1 }).limit(bounded(limit, 1000)).toArray();
    return docs.map(toNotification);
  }

  async readRecipientAfter(recipientId: string, afterSeq: number, limit: number): Promise<Notification[]> {
    const head = await this.head();
    if (head <= afterSeq) return [];
    const docs = await this.items.find({ recipientId, seq: { $gt: afterSeq, $lte: head }, ...VISIBLE }).sort({ seq: 1 }).limit(bounded(limit, 1000)).toArray();
    return docs.map(toNotification);
  }

  async list(recipientId: string, limit: number, beforeSeq?: number): Promise<Notification[]> {
    const filter = beforeSeq === undefined ? { recipientId, ...VISIBLE } : { recipientId, seq: { $lt: beforeSeq }, ...VISIBLE };
    return (await this.items.find(filter).sort({ seq: -1 }).limit(bounded(limit, 101)).toArray()).map(toNotification);
  }

  unreadCount(recipientId: string): Promise<number> {
    return this.items.countDocuments({ recipientId, read: false, ...VISIBLE });
  }

  async get(recipientId: string, id: string): Promise<Notification | null> {
    const doc = await this.items.findOne({ _id: id, recipientId, ...VISIBLE });
    return doc ? toNotification(doc) : null;
  }

  async setRead(recipientId: string, id: string, read: boolean): Promise<Notification | null> {
    // Only the read flag: the seq stays, so the stream does not send the item again.
    const doc = await this.items.findOneAndUpdate({ _id: id, recipientId, ...VISIBLE }, { $set: { read } }, { returnDocument: 'after' });
    return doc ? toNotification(doc) : null;
  }

  async markAllRead(recipientId: string, uptoSeq: number): Promise<number> {
    // Hidden items keep their read state: a restore brings them back as they were.
    const result = await this.items.updateMany({ recipientId, read: false, seq: { $lte: uptoSeq }, ...VISIBLE }, { $set: { read: true } });
    return result.modifiedCount;
  }

  /** Drops items whose last change is older than `retentionMs`, then each person's oldest beyond `cap`. Answers how many went. */
  async purge(retentionMs: number, cap: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - retentionMs);
    let removed = (await this.items.deleteMany({ touchedAt: { $lt: cutoff } })).deletedCount;
    await this.sources.deleteMany({ at: { $lt: cutoff } });
    // Marks of writers that died: no longer holding readers back, dropped here.
    const counter = await this.counter.findOne({ _id: 'seq' });
    for (const mark of counter?.pending ?? []) {
      if (new Date(mark.expiresAt).getTime() <= this.clock.now().getTime()) await this.counter.updateOne({ _id: 'seq' }, { $pull: { pending: mark } });
    }
    const over = await this.items
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$recipientId', n: { $sum: 1 } } }, { $match: { n: { $gt: cap } } }])
      .toArray();
    for (const { _id: recipientId } of over) {
      const keep = await this.items.find({ recipientId }, { projection: { seq: 1 } }).sort({ seq: -1 }).skip(cap).limit(1).toArray();
      if (keep[0]) removed += (await this.items.deleteMany({ recipientId, seq: { $lte: keep[0].seq } })).deletedCount;
    }
    return removed;
  }
}

/** What a moderation state means for one contribution: dropped (deleted content), or hidden from its recipient by the post or the comment. */
function moderationOf(states: ReadonlyMap<string, ContentStateDocument>, c: NewNotification): 'deleted' | { byPost: boolean; byComment: boolean } {
  if (states.size === 0 || !c.target.postId || c.target.kind === 'moderation-case') return { byPost: false, byComment: false };
  const post = states.get(contentKey({ kind: 'post', postId: c.target.postId }));
  const comment = c.target.kind === 'comment' ? states.get(contentKey({ kind: 'comment', postId: c.target.postId, commentId: c.target.id })) : undefined;
  if (post?.state === 'deleted' || comment?.state === 'deleted') return 'deleted';
  const hides = (s: ContentStateDocument | undefined): boolean => s?.state === 'hidden' && s.authorId !== c.recipientId;
  return { byPost: hides(post), byComment: hides(comment) };
}

const bounded = (limit: number, max: number): number => Math.max(1, Math.min(max, Math.floor(limit)));

/** True when a bulk insert failed only on documents that exist already (duplicate keys). */
export function isDuplicateOnly(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: { code?: number }[] | { code?: number }; result?: unknown };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return list.length > 0 && list.every((w) => w.code === 11000);
}

/** The positions (in the batch) of the documents an unordered insertMany refused. */
function writeErrorIndexes(error: unknown): number[] {
  const e = error as { writeErrors?: { index?: number; err?: { index?: number } }[] | { index?: number; err?: { index?: number } } };
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return list.map((w) => w.index ?? w.err?.index ?? -1).filter((i) => i >= 0);
}

export function toNotification(doc: InboxItemDocument): Notification {
  const actors = doc.actors ?? [];
  return {
    id: doc._id,
    recipientId: doc.recipientId,
    type: doc.type,
    target: doc.target,
    actorIds: actors.slice(-ACTORS_KEPT).reverse(),
    actorCount: actors.length > 0 ? actors.length : doc.count,
    groupKey: doc.groupKey,
    urgency: doc.urgency,
    confidential: doc.confidential,
    ...(doc.excerpt ? { excerpt: doc.excerpt } : {}),
    ...(doc.dueAt ? { dueAt: doc.dueAt } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    sourceEventId: doc.sourceEventId,
    read: doc.read,
    seq: doc.seq,
    ...(doc.hiddenByPost || doc.hiddenByComment ? { hidden: true as const } : {}),
  };
}
