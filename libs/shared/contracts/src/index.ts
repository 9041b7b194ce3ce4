export * from './naming';
export * from './errors';
export * from './event-contract';
export * from './envelope.schema';
export * from './contract-registry';
export * from './schema-fragments';
export * from './asyncapi';
