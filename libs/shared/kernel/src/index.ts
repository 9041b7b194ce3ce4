export * from './envelope';
export * from './ids';
export * from './clock';
export * from './errors';
export * from './text';
