export * from './posting-restrictions';
