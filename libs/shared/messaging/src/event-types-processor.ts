import type { EventEnvelope } from '@plein/shared/kernel';
import type { Kafka } from 'kafkajs';
import { EventProcessor } from './event-processor';
import type { ContractRegistryLike, MessagingLogger } from './processor-types';

/** What a service gives each of its consumers: broker, owning service, contracts, log. */
export interface ProcessorWiring {
  readonly kafka: Kafka;
  /** Owning service (the group is `<service>.<processor>`). */
  readonly service: string;
  readonly registry: ContractRegistryLike;
  readonly logger?: MessagingLogger;
}

export interface EventTypesProcessorOptions {
  /** The processor's name, e.g. `moderation-decisions`. */
  readonly processor: string;
  readonly topics: readonly string[];
  /** The event types handed to `handle`; others are acknowledged and skipped. */
  readonly types: readonly string[];
  /** Applies one event; must be idempotent (a redelivery changes nothing twice). */
  readonly handle: (envelope: EventEnvelope) => Promise<unknown>;
}

/**
 * The consumer group `<service>.<processor>` that hands every event of the given types to one
 * handler, from the beginning of its topics (a new group catches up on the whole history, as an
 * event-sourced reaction must). Retries and dead letters are EventProcessor's.
 */
export function eventTypesProcessor(wiring: ProcessorWiring, options: EventTypesProcessorOptions): EventProcessor {
  const handle = async (envelope: EventEnvelope): Promise<void> => {
    await options.handle(envelope);
  };
  return new EventProcessor({
    kafka: wiring.kafka,
    service: wiring.service,
    processor: options.processor,
    topics: options.topics,
    handlers: Object.fromEntries(options.types.map((type) => [type, handle])),
    registry: wiring.registry,
    fromBeginning: true,
    ...(wiring.logger ? { logger: wiring.logger } : {}),
  });
}
