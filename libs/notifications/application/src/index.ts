export * from './record-note';
export * from './ports';
