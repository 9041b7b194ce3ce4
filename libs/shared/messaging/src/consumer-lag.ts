import type { Admin } from 'kafkajs';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Next offset the group will read (Kafka's committed offset); null when nothing is committed yet. */
  readonly committed: string | null;
  readonly low: string;
  readonly high: string;
  /** Messages not yet processed by the group. */
  readonly lag: number;
}

export interface ConsumerLag {
  readonly groupId: string;
  readonly total: number;
  readonly partitions: readonly PartitionLag[];
}

interface TopicOffsets {
  readonly topic: string;
  readonly partitions: readonly { partition: number; low: string; high: string }[];
}
interface GroupOffsets {
  readonly topic: string;
  readonly partitions: readonly { partition: number; offset: string }[];
}

/**
 * Lag = high watermark - committed offset. A partition the group never committed counts from the
 * low watermark (everything retained is still to do): the conservative reading for alerts and for
 * "has the rebuild caught up" checks.
 */
export function computeLag(groupId: string, topics: readonly TopicOffsets[], committed: readonly GroupOffsets[]): ConsumerLag {
  const partitions: PartitionLag[] = [];
  for (const { topic, partitions: watermarks } of topics) {
    const byPartition = new Map(committed.find((c) => c.topic === topic)?.partitions.map((p) => [p.partition, p.offset]) ?? []);
    for (const { partition, low, high } of [...watermarks].sort((a, b) => a.partition - b.partition)) {
      const raw = byPartition.get(partition);
      const hasCommit = raw !== undefined && Number(raw) >= 0;
      const from = hasCommit ? BigInt(raw) : BigInt(low);
      const diff = BigInt(high) - (from < BigInt(low) ? BigInt(low) : from);
      partitions.push({ topic, partition, committed: hasCommit ? raw : null, low, high, lag: Number(diff > 0n ? diff : 0n) });
    }
  }
  return { groupId, total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
}

export async function fetchConsumerLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<ConsumerLag> {
  const watermarks = await Promise.all(
    topics.map(async (topic) => ({
      topic,
      partitions: (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, low: p.low, high: p.high })),
    })),
  );
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  return computeLag(groupId, watermarks, committed);
}
