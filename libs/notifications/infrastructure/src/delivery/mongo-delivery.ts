import type { DeferredDeliveries, DigestSource, MailDirectory, MailOptOuts, OnceGuard, PushSubscriptionStore, StoredPushSubscription } from '@plein/notifications/application';
import type { DeliveryChannel, Notification, UnsubscribeScope } from '@plein/notifications/domain';
import { claimsCollectionName, isDuplicateKeyError, SideEffectClaims, type ClaimRecord } from '@plein/shared/messaging';
import type { Clock } from '@plein/shared/kernel';
import type { mongo } from 'mongoose';

export const DELIVERY_VERSION = 1;

interface SubscriptionDocument extends Omit<StoredPushSubscription, 'id'> {
  _id: string;
}
interface OptOutDocument {
  /** `<userId>:<channel>:<type or *>`. */
  _id: string;
  userId: string;
  at: Date;
}
interface DeferredDocument {
  _id: string;
  channel: DeliveryChannel;
  dueAt: Date;
  itemId: string;
  recipientId: string;
  item: unknown;
}
interface CheckpointDocument {
  _id: string;
  seq: number;
}
export interface AddressDocument {
  _id: string;
  email: string | null;
  lastSequence: number;
}

/** The delivery part's collections, `<namespace>_<name>_v1`, and the side-effect claims in `<namespace>_processed`. */
export class DeliveryCollections {
  readonly subscriptions: mongo.Collection<SubscriptionDocument>;
  readonly optOuts: mongo.Collection<OptOutDocument>;
  readonly deferred: mongo.Collection<DeferredDocument>;
  readonly checkpoints: mongo.Collection<CheckpointDocument>;
  readonly addresses: mongo.Collection<AddressDocument>;
  readonly claims: mongo.Collection<ClaimRecord>;

  constructor(db: mongo.Db, namespace: string) {
    const name = (what: string): string => `${namespace}_${what}_v${DELIVERY_VERSION}`;
    this.subscriptions = db.collection(name('push_subscriptions'));
    this.optOuts = db.collection(name('mail_opt_outs'));
    this.deferred = db.collection(name('deferred_deliveries'));
    this.checkpoints = db.collection(name('delivery_checkpoints'));
    this.addresses = db.collection(name('mail_addresses'));
    this.claims = db.collection(claimsCollectionName(namespace));
  }

  async ensure(): Promise<void> {
    await this.subscriptions.createIndex({ userId: 1, createdAt: 1 });
    await this.subscriptions.createIndex({ endpoint: 1 });
    await this.deferred.createIndex({ dueAt: 1 });
  }
}

export class MongoPushSubscriptions implements PushSubscriptionStore {
  constructor(private readonly c: DeliveryCollections) {}

  async save(s: StoredPushSubscription): Promise<void> {
    await this.c.subscriptions.updateOne(
      { _id: s.id },
      { $set: { userId: s.userId, endpoint: s.endpoint, keys: s.keys }, $setOnInsert: { createdAt: s.createdAt } },
      { upsert: true },
    );
  }

  async remove(userId: string, id: string): Promise<boolean> {
    return (await this.c.subscriptions.deleteOne({ _id: id, userId })).deletedCount === 1;
  }

  async listFor(userId: string, limit: number): Promise<StoredPushSubscription[]> {
    const docs = await this.c.subscriptions.find({ userId }).sort({ createdAt: 1, _id: 1 }).limit(Math.max(1, Math.min(100, limit))).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async removeEndpoint(endpoint: string): Promise<void> {
    await this.c.subscriptions.deleteMany({ endpoint });
  }
}

const optOutId = (userId: string, channel: string, type?: string): string => `${userId}:${channel}:${type ?? '*'}`;

export class MongoMailOptOuts implements MailOptOuts {
  constructor(
    private readonly c: DeliveryCollections,
    private readonly clock: Clock,
  ) {}

  async add(scope: UnsubscribeScope): Promise<void> {
    await this.c.optOuts.updateOne({ _id: optOutId(scope.userId, scope.channel, scope.type) }, { $setOnInsert: { userId: scope.userId, at: this.clock.now() } }, { upsert: true });
  }

  async isOptedOut(userId: string, channel: 'email-immediate' | 'email-digest', type?: string): Promise<boolean> {
    const ids = [optOutId(userId, channel), ...(type ? [optOutId(userId, channel, type)] : [])];
    return (await this.c.optOuts.countDocuments({ _id: { $in: ids } })) > 0;
  }
}

export class MongoDeferredDeliveries implements DeferredDeliveries {
  constructor(private readonly c: DeliveryCollections) {}

  async defer(entry: Parameters<DeferredDeliveries['defer']>[0]): Promise<void> {
    const { key, ...rest } = entry;
    await this.c.deferred.updateOne({ _id: key }, { $setOnInsert: rest }, { upsert: true });
  }

  async due(now: Date, limit: number): Promise<{ key: string; item: unknown }[]> {
    const docs = await this.c.deferred.find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(Math.max(1, Math.min(1000, limit))).toArray();
    return docs.map((d) => ({ key: d._id, item: d.item }));
  }

  async done(key: string): Promise<void> {
    await this.c.deferred.deleteOne({ _id: key });
  }
}

/** The person's work address, from identity's user events (the address-book consumer). */
export class MongoMailDirectory implements MailDirectory {
  constructor(private readonly c: DeliveryCollections) {}

  async addressOf(userId: string): Promise<{ email: string } | null> {
    const doc = await this.c.addresses.findOne({ _id: userId });
    return doc?.email ? { email: doc.email } : null;
  }
}

/** OnceGuard over the shared side-effect claims (`<namespace>_processed`, processor `delivery`). */
export class ClaimsOnceGuard implements OnceGuard {
  readonly claims: SideEffectClaims;

  private readonly collection: mongo.Collection<ClaimRecord>;

  constructor(c: DeliveryCollections, clock: Clock, leaseMs?: number) {
    this.collection = c.claims;
    this.claims = new SideEffectClaims(c.claims, { processor: 'delivery', clock, ...(leaseMs !== undefined ? { leaseMs } : {}) });
  }

  once(key: string, effect: () => Promise<void>): Promise<'performed' | 'already-done'> {
    return this.claims.once(key, effect);
  }

  async isDone(key: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: this.claims.claimId(key), status: 'done' }, { limit: 1 })) === 1;
  }
}

type InboxLike = { _id: string; recipientId: string; createdAt: string };

/** Digest input straight from the inbox collection (read only; `toNotification` turns its documents into items). */
export class InboxDigestSource<D extends InboxLike> implements DigestSource {
  private readonly items: mongo.Collection<InboxLike>;

  constructor(
    items: mongo.Collection<D>,
    private readonly toNotification: (doc: D) => Notification,
  ) {
    this.items = items as unknown as mongo.Collection<InboxLike>;
  }

  async itemsSince(userId: string, from: Date, limit: number): Promise<Notification[]> {
    const docs = await this.items.find({ recipientId: userId, createdAt: { $gte: from.toISOString() } }).sort({ createdAt: -1 }).limit(Math.max(1, Math.min(500, limit))).toArray();
    return docs.map((d) => this.toNotification(d as unknown as D));
  }

  async *recipientsSince(from: Date, chunk: number): AsyncIterable<string[]> {
    let after = '';
    for (;;) {
      const rows = await this.items
        .aggregate<{ _id: string }>([{ $match: { createdAt: { $gte: from.toISOString() }, recipientId: { $gt: after } } }, { $group: { _id: '$recipientId' } }, { $sort: { _id: 1 } }, { $limit: chunk }])
        .toArray();
      if (rows.length === 0) return;
      yield rows.map((r) => r._id);
      after = rows[rows.length - 1]!._id;
    }
  }
}

/** The delivery runner's position in the inbox's write order, one per runner name. */
export class DeliveryCheckpoints {
  constructor(private readonly c: DeliveryCollections) {}

  async get(name: string): Promise<number | null> {
    return (await this.c.checkpoints.findOne({ _id: name }))?.seq ?? null;
  }

  /** Moves forward only (a slower replica never moves it back). */
  async advance(name: string, seq: number): Promise<void> {
    const moved = await this.c.checkpoints.updateOne({ _id: name, seq: { $lt: seq } }, { $set: { seq } });
    if (moved.matchedCount === 1) return;
    try {
      await this.c.checkpoints.updateOne({ _id: name }, { $setOnInsert: { seq } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
