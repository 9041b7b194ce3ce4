export * from './expertise.service';
