import type { ExpertSuggestedV1 } from '@plein/profiles/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import type { NewEvent } from '@plein/shared/kernel';

export type ExpertSuggestionEvent = NewEvent<ExpertSuggestedV1, 'profiles.expert.suggested'>;
export interface SuggestExperts {
  readonly type: 'SuggestExperts';
  readonly suggestion: ExpertSuggestedV1;
}
export interface ExpertSuggestionState {
  readonly suggested: boolean;
}

/**
 * Ask an expert, per question: experts are suggested once. A second suggestion (another replica,
 * a restart, a redelivery) decides nothing; the stream's optimistic concurrency makes the race
 * between two replicas end in one event. Pure.
 */
export const expertSuggestionDecider: Decider<SuggestExperts, ExpertSuggestionEvent, ExpertSuggestionState> = {
  initialState: () => ({ suggested: false }),
  decide: (command, state) => (state.suggested ? [] : [{ type: 'profiles.expert.suggested', version: 1, data: command.suggestion }]),
  evolve: () => ({ suggested: true }),
};
