import { applyModerationDecision, type FeedDependencies } from '@plein/feed/application';
import { EventProcessor, type ContractRegistryLike, type MessagingLogger } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { Kafka } from 'kafkajs';

/**
 * Consumer group `feed.moderation-decisions`: moderation.decision.content-hidden / -restored /
 * -removed become HidePost/RestorePost/RemovePost (or the comment variants) by `system:feed`,
 * idempotent by the decision event's id.
 */
export function moderationDecisionsProcessor(options: {
  kafka: Kafka;
  service: string;
  topic: string;
  registry: ContractRegistryLike;
  deps: FeedDependencies;
  logger?: MessagingLogger;
}): EventProcessor {
  const handle = async (envelope: EventEnvelope) => {
    await applyModerationDecision(options.deps, envelope);
  };
  return new EventProcessor({
    kafka: options.kafka,
    service: options.service,
    processor: 'moderation-decisions',
    topics: [options.topic],
    handlers: {
      'moderation.decision.content-hidden': handle,
      'moderation.decision.content-restored': handle,
      'moderation.decision.content-removed': handle,
    },
    registry: options.registry,
    fromBeginning: true,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
