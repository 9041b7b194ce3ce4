export * from './decider-spec';
export * from './service-basics';
