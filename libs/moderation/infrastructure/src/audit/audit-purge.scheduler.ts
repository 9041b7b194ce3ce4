import { hostname } from 'node:os';
import { Leases, type LeaseDocument } from '@plein/shared/event-store';
import type { Clock } from '@plein/shared/kernel';
import type { MessagingLogger } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';
import { PURGE_BATCH, type MongoAuditLog } from './mongo-audit-log';

/** The lease that makes one replica purge per period (in the service's shared `<service>_leases`). */
export const AUDIT_PURGE_LEASE = 'moderation.audit-purge';
/** Who the purge checkpoint entry names as actor when the schedule ran it. */
export const AUDIT_PURGE_ACTOR = 'system:audit-purge';
export const DAY_MS = 86_400_000;
/** Purge calls (of at most PURGE_BATCH entries each) one run makes at most. */
const MAX_CALLS_PER_RUN = 100;

export interface AuditPurgeSchedulerOptions {
  readonly log: Pick<MongoAuditLog, 'purge'>;
  /** The service's shared leases collection (`<service>_leases`, beside the stream leases). */
  readonly leases: mongo.Collection<LeaseDocument>;
  readonly clock: Clock;
  readonly retentionDays: number;
  /** One purge per this period across all replicas (default: a day). */
  readonly periodMs?: number;
  /** How often each replica asks whether the period's purge is due (default: an hour). */
  readonly checkEveryMs?: number;
  /** Identifies this replica as the lease holder. */
  readonly owner?: string;
  readonly logger?: MessagingLogger;
}

export type PurgeRun = { readonly ran: false } | { readonly ran: true; readonly purged: number; readonly throughSeq: number | null };

/**
 * The scheduled audit purge: every replica checks now and then; the one that takes the lease
 * `moderation.audit-purge` for a whole period purges (entries older than the retention, never
 * past a legal hold: MongoAuditLog.purge) and keeps the lease to the period's end, so the others
 * (and its own next checks) skip until then. A failed purge gives the lease back, so the next
 * check, here or on another replica, tries again. Times come from the injected clock.
 */
export class AuditPurgeScheduler {
  private readonly leases: Leases;
  private readonly periodMs: number;
  private readonly checkEveryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | null = null;
  private running = false;

  constructor(private readonly options: AuditPurgeSchedulerOptions) {
    this.periodMs = options.periodMs ?? DAY_MS;
    this.checkEveryMs = options.checkEveryMs ?? 3_600_000;
    this.leases = new Leases(options.leases, options.clock, options.owner ?? `${hostname()}:${process.pid}`);
  }

  /** Purges if this period's purge is not done yet and no other replica is doing it. */
  async runOnce(): Promise<PurgeRun> {
    const lease = await this.leases.tryAcquire(AUDIT_PURGE_LEASE, this.periodMs);
    if (!lease) return { ran: false };
    try {
      const before = new Date(this.options.clock.now().getTime() - this.options.retentionDays * DAY_MS);
      let purged = 0;
      let throughSeq: number | null = null;
      for (let call = 0; call < MAX_CALLS_PER_RUN && lease.stillHeld(); call++) {
        const result = await this.options.log.purge(before, AUDIT_PURGE_ACTOR);
        purged += result.purged;
        throughSeq = result.throughSeq ?? throughSeq;
        if (result.purged < PURGE_BATCH) break;
      }
      this.options.logger?.info('audit purge ran', { purged, throughSeq, before: before.toISOString() });
      return { ran: true, purged, throughSeq };
    } catch (error) {
      await lease.release().catch(() => undefined);
      throw error;
    }
  }

  /** Starts checking: once now, then every `checkEveryMs` (no overlap). */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    this.schedule(0);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.round = this.runOnce()
        .catch((error: unknown) => this.options.logger?.error('audit purge failed', { reason: String(error) }))
        .finally(() => {
          this.round = null;
          this.schedule(this.checkEveryMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
