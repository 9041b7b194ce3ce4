export * from './index-definition';
export * from './search-document';
export * from './search-body';
export * from './profiles-search-index';
export * from './search-source';
export * from './search-indexer';
