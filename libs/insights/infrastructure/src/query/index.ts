export * from './mongo-query-cells';
