/** The completeness rule lives in the contracts (insights counts it too); the domain uses it from there. */
export { COMPLETENESS_WEIGHTS, MIN_SKILLS, profileCompleteness, type Completeness, type CompletenessInput, type CompletenessItem } from '@plein/profiles/contracts';
