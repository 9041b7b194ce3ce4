export * from './person-erasure';
