/**
 * Group commit: concurrent callers (e.g. the partition batches of one process) hand their items
 * over with `submit`; ONE `flush` runs per round with every item handed over before it started,
 * so writes to the same documents are merged into one read and one write instead of racing each
 * other. Items handed over while a round runs wait and form the next round. The first round
 * starts after the current turn of the event loop (setImmediate), so callers handing theirs over
 * in the same turn share it.
 *
 * `flush` answers one result per item, in the items' order; each submitter's promise resolves
 * with its item's result once its round is done, or rejects with its round's error (the other
 * rounds are not affected, the next one still runs).
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly flush: (items: readonly T[]) => Promise<readonly R[]>) {}

  /** Resolves with the item's result once the round holding it is written. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const round = this.queue;
        this.queue = [];
        try {
          const results = await this.flush(round.map((r) => r.item));
          if (results.length !== round.length) throw new Error(`group commit: flush answered ${results.length} results for ${round.length} items`);
          round.forEach((r, i) => r.resolve(results[i]!));
        } catch (error) {
          for (const { reject } of round) reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
