import { PleinError, systemClock, type Clock } from '@plein/shared/kernel';
import type { mongo } from 'mongoose';

/** MongoDB (and FerretDB) report a unique index violation with this code. */
export const DUPLICATE_KEY = 11000;
export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;

export interface ClaimRecord {
  /** `<processor>:<eventId>`. */
  _id: string;
  processor: string;
  eventId: string;
  status: 'pending' | 'done';
  claimedAt: Date;
  completedAt?: Date;
  attempts: number;
}

export type ClaimResult = 'claimed' | 'done' | 'busy';

const DEFAULT_RETENTION_SECONDS = 30 * 24 * 3600;

/** Another delivery of the same event holds a fresh claim; retriable (the holder finishes or its lease lapses). */
export class SideEffectBusyError extends PleinError {
  readonly code = 'MESSAGING.SIDE_EFFECT_BUSY';
  readonly kind = 'unavailable' as const;
  readonly retriable = true;
}

export interface SideEffectClaimsOptions {
  /** Processor name; the claim id is `<processor>:<eventId>` so processors never share claims. */
  readonly processor: string;
  /**
   * A pending claim older than this is taken over by the next delivery: its holder crashed between
   * claiming and completing. The effect may then run twice, which is why the event id must also be
   * passed to the provider as its idempotency key where it takes one. Default 60 s.
   */
  readonly leaseMs?: number;
  readonly clock?: Clock;
}

export const claimsCollectionName = (service: string): string => `${service}_processed`;

/**
 * Claim records for external side effects (push, mail): `<svc>_processed` holds one document per
 * (processor, event). A claim is taken before the effect, completed after it and released when
 * the effect failed (so the processor's retry may claim again).
 *
 * Retention: `ensureIndexes` adds a TTL index on `claimedAt` (or `purgeExpired` is scheduled where
 * the server has no TTL indexes). The retention must exceed the longest
 * time an event can be redelivered (topic retention, DLQ replays), or an old event replayed after
 * its claim expired performs its effect again. Default 30 days.
 */
export class SideEffectClaims {
  private readonly leaseMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly collection: mongo.Collection<ClaimRecord>,
    private readonly options: SideEffectClaimsOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Adds the TTL index on `claimedAt` where the server supports it and returns `ttl`. The
   * MongoDB-compatible server used in development (FerretDB 1.x) does not: then it returns
   * `manual`, and the service must call `purgeExpired` periodically (e.g. hourly).
   */
  async ensureIndexes(retentionSeconds = DEFAULT_RETENTION_SECONDS): Promise<'ttl' | 'manual'> {
    try {
      await this.collection.createIndex({ claimedAt: 1 }, { name: 'claimedAt_ttl', expireAfterSeconds: retentionSeconds });
      return 'ttl';
    } catch (error) {
      if (!/expireAfterSeconds.*not implemented/i.test(String((error as Error).message))) throw error;
      await this.collection.createIndex({ claimedAt: 1 }, { name: 'claimedAt' });
      return 'manual';
    }
  }

  /** Deletes claims older than the retention (what the TTL index does where it exists). */
  async purgeExpired(retentionSeconds = DEFAULT_RETENTION_SECONDS): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - retentionSeconds * 1000);
    return (await this.collection.deleteMany({ claimedAt: { $lt: cutoff } })).deletedCount;
  }

  claimId(eventId: string): string {
    return `${this.options.processor}:${eventId}`;
  }

  async claim(eventId: string): Promise<ClaimResult> {
    const _id = this.claimId(eventId);
    const now = this.clock.now();
    try {
      await this.collection.insertOne({ _id, processor: this.options.processor, eventId, status: 'pending', claimedAt: now, attempts: 1 });
      return 'claimed';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const stale = new Date(now.getTime() - this.leaseMs);
    const takeover = await this.collection.updateOne({ _id, status: 'pending', claimedAt: { $lt: stale } }, { $set: { claimedAt: now }, $inc: { attempts: 1 } });
    if (takeover.modifiedCount === 1) return 'claimed';
    const existing = await this.collection.findOne({ _id }, { projection: { status: 1 } });
    return existing?.status === 'done' ? 'done' : 'busy';
  }

  async complete(eventId: string): Promise<void> {
    await this.collection.updateOne({ _id: this.claimId(eventId) }, { $set: { status: 'done', completedAt: this.clock.now() } });
  }

  /** Gives a pending claim back after the effect failed, so a retry can claim it at once. */
  async release(eventId: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.claimId(eventId), status: 'pending' });
  }

  /**
   * Runs `effect` unless this processor already performed it for `eventId`. Throws
   * SideEffectBusyError while another delivery holds a fresh claim, and rethrows the effect's
   * error after releasing the claim.
   */
  async once(eventId: string, effect: () => Promise<void>): Promise<'performed' | 'already-done'> {
    const claim = await this.claim(eventId);
    if (claim === 'done') return 'already-done';
    if (claim === 'busy') throw new SideEffectBusyError(`side effect of ${this.claimId(eventId)} is being performed by another delivery`);
    try {
      await effect();
    } catch (error) {
      await this.release(eventId);
      throw error;
    }
    await this.complete(eventId);
    return 'performed';
  }
}
