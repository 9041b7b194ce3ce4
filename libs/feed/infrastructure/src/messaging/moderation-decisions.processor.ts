import { applyModerationDecision, type FeedDependencies } from '@plein/feed/application';
import { eventTypesProcessor, type EventProcessor, type ProcessorWiring } from '@plein/shared/messaging';

/**
 * Consumer group `feed.moderation-decisions`: moderation.decision.content-hidden / -restored /
 * -removed become HidePost/RestorePost/RemovePost (or the comment variants) by `system:feed`,
 * idempotent by the decision event's id.
 */
export function moderationDecisionsProcessor(options: ProcessorWiring & { topic: string; deps: FeedDependencies }): EventProcessor {
  return eventTypesProcessor(options, {
    processor: 'moderation-decisions',
    topics: [options.topic],
    types: ['moderation.decision.content-hidden', 'moderation.decision.content-restored', 'moderation.decision.content-removed'],
    handle: (envelope) => applyModerationDecision(options.deps, envelope),
  });
}
