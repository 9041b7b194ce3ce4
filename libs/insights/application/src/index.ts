export * from './ingest';
export * from './query';
