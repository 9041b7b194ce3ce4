export * from './endorsement.service';
