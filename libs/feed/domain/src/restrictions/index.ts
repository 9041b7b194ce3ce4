export * from './posting-restriction';
