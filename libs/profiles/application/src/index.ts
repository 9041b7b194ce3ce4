export * from './record-note';
