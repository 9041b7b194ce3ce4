import { reportFlaggedContent } from '@plein/moderation/application';
import type { EventStore, ReadYourWrites } from '@plein/shared/event-sourcing';
import { eventTypesProcessor, type EventProcessor, type ProcessorWiring } from '@plein/shared/messaging';

/**
 * Consumer group `moderation.flagged-content`: `feed.screening.recorded` with action flag opens (or
 * adds to) the case of the content in the review queue with a system report per flag rule
 * (reportFlaggedContent); held content stays in the screenings list. Idempotent on redelivery.
 */
export function flaggedContentProcessor(options: ProcessorWiring & { topic: string; deps: { store: EventStore; readYourWrites?: ReadYourWrites } }): EventProcessor {
  return eventTypesProcessor(options, {
    processor: 'flagged-content',
    topics: [options.topic],
    types: ['feed.screening.recorded'],
    handle: (envelope) => reportFlaggedContent(options.deps, envelope),
  });
}
