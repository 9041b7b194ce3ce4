export * from './rule-set.decider';
