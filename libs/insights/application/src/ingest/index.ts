export * from './insights-cells.port';
export * from './effects';
export * from './ingest';
export * from './visits';
export * from './completeness';
