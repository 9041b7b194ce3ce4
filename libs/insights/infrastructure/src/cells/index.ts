export * from './mongo-ingest-store';
export * from './mongo-insights-cells';
export * from './insights-topics';
export * from './cells.projection';
