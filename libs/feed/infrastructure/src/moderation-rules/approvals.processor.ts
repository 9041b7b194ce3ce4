import { applyApproval, type FeedDependencies } from '@plein/feed/application';
import { eventTypesProcessor, type EventProcessor, type ProcessorWiring } from '@plein/shared/messaging';

/**
 * Consumer group `feed.moderation-approvals`: moderation.approval.approved / rejected become
 * RestorePost/RemovePost (or the comment variants) by `system:feed`, idempotent by the event's id.
 */
export function moderationApprovalsProcessor(options: ProcessorWiring & { topic: string; deps: FeedDependencies }): EventProcessor {
  return eventTypesProcessor(options, {
    processor: 'moderation-approvals',
    topics: [options.topic],
    types: ['moderation.approval.approved', 'moderation.approval.rejected'],
    handle: (envelope) => applyApproval(options.deps, envelope),
  });
}
