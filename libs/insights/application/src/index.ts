export * from './record-note';
export * from './ingest';
