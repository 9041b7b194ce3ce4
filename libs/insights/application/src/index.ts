export * from './record-note';
export * from './ingest';
export * from './query';
