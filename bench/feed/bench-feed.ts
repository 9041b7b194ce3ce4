import { FeedInfrastructure } from '@plein/feed/infrastructure';
import { benchConnection, benchKafka, runId } from '@plein/bench-kit';
import type { Connection } from 'mongoose';

export interface BenchFeed {
  readonly infra: FeedInfrastructure;
  readonly connection: Connection;
  close(): Promise<void>;
}

/**
 * The feed's real infrastructure (read models, home-timeline store, services' dependencies) on
 * a fresh database, without the Kafka side (consumers off): the benchmarks drive the read and
 * fan-out paths directly. The database is dropped at the end.
 */
export async function startBenchFeed(threshold: number): Promise<BenchFeed> {
  const id = runId();
  const connection = await benchConnection(`plein_bench_feed_${id}`);
  const infra = new FeedInfrastructure({ connection, kafka: benchKafka(`bench-feed-${id}`), service: 'feed', consumers: false, fanOut: { threshold } });
  await infra.init();
  return {
    infra,
    connection,
    close: async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
