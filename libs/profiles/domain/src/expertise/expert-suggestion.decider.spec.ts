import { expertSuggestedV1 } from '@plein/profiles/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { expertSuggestionDecider } from './expert-suggestion.decider';

const spec = deciderSpec(expertSuggestionDecider);
const suggestion = expertSuggestedV1.example;

describe('expert suggestion decider', () => {
  it('suggests experts for a question once', () => {
    spec.given().when({ type: 'SuggestExperts', suggestion }).then([{ type: 'profiles.expert.suggested', version: 1, data: suggestion }]);
    spec.given({ type: 'profiles.expert.suggested', version: 1, data: suggestion }).when({ type: 'SuggestExperts', suggestion }).thenNothing();
  });
});
