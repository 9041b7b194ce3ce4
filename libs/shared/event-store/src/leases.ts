import { mongo } from 'mongoose';
import { uuidv7, type Clock } from '@plein/shared/kernel';

/** One named lease: free when `until` is past. */
export interface LeaseDocument {
  _id: string;
  owner: string;
  /** Unique per acquisition, so a holder can only release its own lease. */
  token: string;
  until: Date;
}

export interface HeldLease {
  /** False once the lease is nearly over: do not start a write then. */
  stillHeld(): boolean;
  release(): Promise<void>;
}

const DUPLICATE_KEY = 11000;
const EXPIRED = new Date(0);

/**
 * Named leases across processes, one document per name, taken and given back by single-document
 * conditional updates (atomic on MongoDB and on the patched local server, docs/adr/0007):
 * - take: `updateOne({_id, until < now}, {$set: {token, until: now + leaseMs}})`, or insert the
 *   document when it does not exist yet (a duplicate key means someone else got there first);
 * - give back: `updateOne({_id, token}, {$set: {until: epoch}})`, so only the holder frees it.
 * A holder that dies blocks the name until its lease ends, with no steal step that could race.
 * The work must finish within the lease: it checks `stillHeld` before its write.
 */
export class Leases {
  constructor(
    private readonly collection: mongo.Collection<LeaseDocument>,
    private readonly clock: Clock,
    private readonly owner: string,
  ) {}

  /** Takes the lease `id` for `leaseMs` if it is free now; null when someone else holds it. */
  async tryAcquire(id: string, leaseMs: number): Promise<HeldLease | null> {
    const now = this.clock.now();
    const token = uuidv7();
    const until = new Date(now.getTime() + leaseMs);
    const taken = await this.collection.updateOne({ _id: id, until: { $lt: now } }, { $set: { owner: this.owner, token, until } });
    if (taken.matchedCount === 0) {
      try {
        await this.collection.insertOne({ _id: id, owner: this.owner, token, until });
      } catch (error) {
        if (error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY) return null;
        throw error;
      }
    }
    const margin = Math.min(1_000, leaseMs / 4);
    return {
      stillHeld: () => this.clock.now().getTime() < until.getTime() - margin,
      release: async () => {
        await this.collection.updateOne({ _id: id, token }, { $set: { until: EXPIRED } });
      },
    };
  }

  /**
   * Takes the lease `id`, retrying for up to `waitMs` (on the injected clock, like the lease times)
   * while another holder has it (they hold it for milliseconds).
   */
  async acquire(id: string, leaseMs: number, waitMs: number): Promise<HeldLease | null> {
    const deadline = this.clock.now().getTime() + waitMs;
    for (let attempt = 0; ; attempt++) {
      const lease = await this.tryAcquire(id, leaseMs);
      if (lease) return lease;
      if (this.clock.now().getTime() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 5 + attempt * 5)));
    }
  }
}
