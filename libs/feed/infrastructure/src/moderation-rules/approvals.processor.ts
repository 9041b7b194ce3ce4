import { applyApproval, type FeedDependencies } from '@plein/feed/application';
import type { EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type ContractRegistryLike, type MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';

/**
 * Consumer group `feed.moderation-approvals`: moderation.approval.approved / rejected become
 * RestorePost/RemovePost (or the comment variants) by `system:feed`, idempotent by the event's id.
 */
export function moderationApprovalsProcessor(options: { kafka: Kafka; service: string; topic: string; registry: ContractRegistryLike; deps: FeedDependencies; logger?: MessagingLogger }): EventProcessor {
  const handle = async (envelope: EventEnvelope) => {
    await applyApproval(options.deps, envelope);
  };
  return new EventProcessor({
    kafka: options.kafka,
    service: options.service,
    processor: 'moderation-approvals',
    topics: [options.topic],
    handlers: { 'moderation.approval.approved': handle, 'moderation.approval.rejected': handle },
    registry: options.registry,
    fromBeginning: true,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
