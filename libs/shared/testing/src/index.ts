export * from './decider-spec';
export * from './service-basics';
export * from './graceful-stop';
export * from './query-shapes';
export * from './rebuild-cli';
export * from './per-suite';
export * from './service-under-test';
export * from './isolated-boot';
