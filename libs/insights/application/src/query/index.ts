export * from './insights-query';
export * from './insights-views';
export * from './completeness-cells';
export * from './completeness-table';
