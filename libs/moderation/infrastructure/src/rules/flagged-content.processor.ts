import { reportFlaggedContent } from '@plein/moderation/application';
import type { EventStore, ReadYourWrites } from '@plein/shared/event-sourcing';
import type { EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type ContractRegistryLike, type MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';

/**
 * Consumer group `moderation.flagged-content`: `feed.screening.recorded` with action flag opens (or
 * adds to) the case of the content in the review queue with a system report per flag rule
 * (reportFlaggedContent); held content stays in the screenings list. Idempotent on redelivery.
 */
export function flaggedContentProcessor(options: { kafka: Kafka; service: string; topic: string; registry: ContractRegistryLike; deps: { store: EventStore; readYourWrites?: ReadYourWrites }; logger?: MessagingLogger }): EventProcessor {
  const handle = async (envelope: EventEnvelope) => {
    await reportFlaggedContent(options.deps, envelope);
  };
  return new EventProcessor({
    kafka: options.kafka,
    service: options.service,
    processor: 'flagged-content',
    topics: [options.topic],
    handlers: { 'feed.screening.recorded': handle },
    registry: options.registry,
    fromBeginning: true,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
