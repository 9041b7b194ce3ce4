export * from './rule-set.decider';
export * from './approval.decider';
