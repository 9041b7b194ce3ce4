export * from './profile/profile.decider';
export * from './profile/completeness';
export * from './taxonomy/taxonomy.decider';
