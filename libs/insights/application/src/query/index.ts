export * from './insights-query';
export * from './insights-views';
