export * from './search-request';
export * from './natural-question';
export * from './search-cursor';
