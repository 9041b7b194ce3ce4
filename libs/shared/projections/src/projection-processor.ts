import type { Client } from '@elastic/elasticsearch';
import { EventProcessor, type ContractRegistryLike, type EventProcessorOptions, type MessagingLogger } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { projectionProcessorName, type ProjectionDefinition } from './projection';
import { createProjectionStore } from './projection-store';

export interface ProjectionRuntime {
  readonly kafka: Kafka;
  readonly service: string;
  readonly db?: mongo.Db;
  readonly elasticsearch?: Client;
  readonly contracts: ContractRegistryLike;
  readonly logger?: MessagingLogger;
  /** Passed to every projection processor (retry policy, consumer timeouts, tracer...). */
  readonly processorOptions?: Partial<Pick<EventProcessorOptions, 'retry' | 'consumer' | 'handlerTimeoutMs' | 'tracer' | 'clock' | 'ensureDeadLetterTopic' | 'partitionsConsumedConcurrently' | 'maxBatchSize'>>;
}

/**
 * The live processor of one projection version: group `<svc>.<name>.v<N>`, DLQ
 * `<svc>.<name>.v<N>.dlq`. It sees every event of the projection's topics (a sequence-guarded
 * read model must apply every event of its stream) and hands those of its aggregate types to `apply`.
 * `fromBeginning` only matters for a group without offsets (a bootstrapped first version); a
 * rebuilt version's group gets its offsets from the rebuild.
 */
export function projectionProcessor(projection: ProjectionDefinition, runtime: ProjectionRuntime): EventProcessor {
  const store = createProjectionStore(projection, runtime);
  const ctx = store.context(projection.version, 'live');
  const aggregateTypes = new Set(projection.aggregateTypes);
  const apply = projection.apply as (envelope: Parameters<ProjectionDefinition['apply']>[0], ctx: unknown) => Promise<void>;
  const applyBatch = projection.applyBatch as ((envelopes: readonly EventEnvelope[], ctx: unknown) => Promise<void>) | undefined;
  return new EventProcessor({
    ...runtime.processorOptions,
    kafka: runtime.kafka,
    service: runtime.service,
    processor: projectionProcessorName(projection, projection.version),
    topics: projection.topics,
    handlers: {},
    defaultHandler: async (envelope) => {
      if (aggregateTypes.has(envelope.aggregateType)) await apply(envelope, ctx);
    },
    ...(applyBatch
      ? {
          batchHandler: async (envelopes: readonly EventEnvelope[]) => {
            const mine = envelopes.filter((envelope) => aggregateTypes.has(envelope.aggregateType));
            if (mine.length > 0) await applyBatch(mine, ctx);
          },
        }
      : {}),
    registry: runtime.contracts,
    fromBeginning: true,
    logger: runtime.logger,
  });
}
