import type { Admin } from 'kafkajs';

/**
 * Where `EventProcessor`'s `seek` moves every partition at each start, whatever the group has
 * committed: the low watermark, the high watermark, or the first message at or after a time
 * (`timestamp`, or `lookbackMs` before the moment of each start).
 */
export type SeekPosition = 'earliest' | 'latest' | { readonly timestamp: number } | { readonly lookbackMs: number };

/** One partition moved by a seek: where it starts, where it ended at start, how far it got. */
export interface SeekedPartition {
  readonly topic: string;
  readonly partition: number;
  /** The offset the seek moved the partition to. */
  readonly offset: string;
  /** Its high watermark when the processor started: the end of the backlog present at start. */
  readonly high: string;
}

const key = (topic: string, partition: number): string => `${topic}:${partition}`;

/**
 * The positions of a seek on every partition of the topics that exist (a missing topic has
 * nothing to seek). A timestamp after the last message yields the high watermark.
 */
export async function resolveSeek(admin: Pick<Admin, 'listTopics' | 'fetchTopicOffsets' | 'fetchTopicOffsetsByTimestamp'>, topics: readonly string[], seek: SeekPosition, now = Date.now()): Promise<SeekedPartition[]> {
  const timestamp = typeof seek !== 'object' ? undefined : 'timestamp' in seek ? seek.timestamp : now - seek.lookbackMs;
  const existing = new Set(await admin.listTopics());
  const perTopic = await Promise.all(
    topics
      .filter((topic) => existing.has(topic))
      .map(async (topic) => {
        const [ends, at] = await Promise.all([admin.fetchTopicOffsets(topic), timestamp !== undefined ? admin.fetchTopicOffsetsByTimestamp(topic, timestamp) : Promise.resolve([])]);
        return ends.map(({ partition, low, high }) => {
          const found = at.find((s) => s.partition === partition)?.offset;
          const offset = seek === 'earliest' ? low : seek === 'latest' ? high : found === undefined || BigInt(found) < 0n ? high : found;
          return { topic, partition, offset: BigInt(offset) > BigInt(high) ? high : offset, high };
        });
      }),
  );
  return perTopic.flat();
}

/**
 * Tracks, per seeked partition, the next offset to handle, so the processor can tell when the
 * backlog present at start has been handled and where to seek again after a rejoin.
 */
export class SeekProgress {
  /** `handled`: a message of the partition was resolved since the seek, so the seek took effect. */
  private readonly partitions = new Map<string, { readonly seeked: SeekedPartition; next: bigint; readonly high: bigint; handled: boolean }>();

  constructor(seeked: readonly SeekedPartition[]) {
    for (const s of seeked) this.partitions.set(key(s.topic, s.partition), { seeked: s, next: BigInt(s.offset), high: BigInt(s.high), handled: false });
  }

  get positions(): readonly SeekedPartition[] {
    return [...this.partitions.values()].map((p) => p.seeked);
  }

  /** Every seeked partition handled up to its high watermark at start (true at once when there was nothing to read). */
  get caughtUp(): boolean {
    for (const p of this.partitions.values()) if (p.next < p.high) return false;
    return true;
  }

  /** The message at `offset` is done (handled, skipped or dead-lettered). */
  resolved(topic: string, partition: number, offset: string): void {
    const p = this.partitions.get(key(topic, partition));
    if (!p) return;
    p.handled = true;
    if (BigInt(offset) + 1n > p.next) p.next = BigInt(offset) + 1n;
  }

  /**
   * The seeks to (re)issue when the group assigns partitions: where each assigned partition
   * continues, unless one of its messages was handled since (the seek took effect) and it has
   * caught up. A rejoin before the first fetch would otherwise lose the seek; a later one must not
   * go back.
   */
  pendingSeeks(assignment: Readonly<Record<string, readonly number[]>>): { topic: string; partition: number; offset: string }[] {
    const seeks: { topic: string; partition: number; offset: string }[] = [];
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions) {
        const p = this.partitions.get(key(topic, partition));
        if (p && (!p.handled || p.next < p.high)) seeks.push({ topic, partition, offset: p.next.toString() });
      }
    return seeks;
  }
}
