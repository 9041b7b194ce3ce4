export * from './rule.service';
export * from './screening.service';
