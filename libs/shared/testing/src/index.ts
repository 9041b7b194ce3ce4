export * from './decider-spec';
export * from './service-basics';
export * from './graceful-stop';
