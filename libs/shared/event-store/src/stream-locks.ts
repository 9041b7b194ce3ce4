import { mongo } from 'mongoose';
import type { Clock } from '@plein/shared/kernel';

/**
 * Write serialisation for servers whose conditional updates are not atomic.
 *
 * FerretDB 1.x (the local MongoDB-compatible server) runs `update`/`findAndModify` as "read the
 * document, apply the operators, write the whole document back by _id" with nothing held in
 * between: two concurrent conditional updates can both match, and an unrelated concurrent update
 * can be overwritten (lost). Only a duplicate `_id` on insert is detected atomically. On such a
 * server every write to a stream document runs under a lock taken by inserting lock documents.
 *
 * A lock is the pair of documents `<id>@<slot>` and `<id>@<slot+1>`, slot = floor(now / lockMs).
 * Inserting both succeeds for one holder only; a holder that crashes blocks the stream for at most
 * two slots, after which the next slot pair is free, with no "steal" step that could race. A holder
 * must finish its write within the pair's window (checked with `stillHeld` before writing).
 */
export interface LockDocument {
  _id: string;
  slot: number;
  owner: string;
}

export class StreamLocks {
  constructor(
    private readonly collection: mongo.Collection<LockDocument>,
    private readonly clock: Clock,
    private readonly owner: string,
    readonly lockMs = 5_000,
  ) {}

  /**
   * Tries to lock every id at once (two round trips at most). Returns the ids it holds, the slot
   * it holds them in, and the release function (call it in a finally).
   */
  async tryAcquire(ids: readonly string[]): Promise<HeldLocks> {
    const slot = Math.floor(this.clock.now().getTime() / this.lockMs);
    const docs = ids.flatMap((id) => [0, 1].map((k) => ({ _id: `${id}@${slot + k}`, slot: slot + k, owner: this.owner })));
    const failed = new Set<number>();
    if (docs.length > 0) {
      try {
        await this.collection.insertMany(docs, { ordered: false });
      } catch (error) {
        if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        for (const e of errors) {
          if (e.code !== 11000) throw error;
          failed.add(e.index);
        }
      }
    }
    const held: string[] = [];
    const toRelease: string[] = [];
    ids.forEach((id, i) => {
      const won = [2 * i, 2 * i + 1].filter((index) => !failed.has(index));
      if (won.length === 2) held.push(id);
      toRelease.push(...won.map((index) => docs[index]!._id));
    });
    // Half-won pairs are given back at once; fully won ones when the caller releases.
    const partial = toRelease.filter((lockId) => !held.some((id) => lockId.startsWith(`${id}@`)));
    if (partial.length > 0) await this.delete(partial);
    const mine = toRelease.filter((lockId) => !partial.includes(lockId));
    return {
      held,
      stillHeld: () => this.clock.now().getTime() < (slot + 2) * this.lockMs - Math.min(1_000, this.lockMs / 4),
      release: () => this.delete(mine),
    };
  }

  /** Locks one id, retrying while another writer holds it (they hold locks for milliseconds). */
  async acquireOne(id: string, waitMs: number): Promise<HeldLocks | null> {
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      const locks = await this.tryAcquire([id]);
      if (locks.held.length === 1) return locks;
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, 1 + attempt * 2)));
    }
  }

  /**
   * Removes lock documents of slots that are over (left by crashed holders). Safe for live pairs:
   * a pair taken in the previous slot still blocks through its current-slot document.
   */
  async sweep(): Promise<void> {
    const slot = Math.floor(this.clock.now().getTime() / this.lockMs);
    await this.collection.deleteMany({ slot: { $lt: slot } });
  }

  private async delete(lockIds: readonly string[]): Promise<void> {
    if (lockIds.length === 0) return;
    await this.collection.deleteMany({ _id: { $in: [...lockIds] } });
  }
}

export interface HeldLocks {
  readonly held: readonly string[];
  /** False once the window is nearly over: do not start a write then. */
  stillHeld(): boolean;
  release(): Promise<void>;
}

/** Whether conditional updates on this server are atomic (MongoDB) or need StreamLocks (FerretDB 1.x). */
export async function detectWriteMode(db: mongo.Db): Promise<'atomic' | 'locked'> {
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? 'locked' : 'atomic';
}
