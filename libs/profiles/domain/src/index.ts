export * from './profile/profile.decider';
export * from './profile/completeness';
export * from './profile/bio';
export * from './taxonomy/taxonomy.decider';
export * from './endorsement/endorsement.decider';
export * from './expertise/expertise';
export * from './expertise/expert-suggestion.decider';
export * from './expertise/topic';
