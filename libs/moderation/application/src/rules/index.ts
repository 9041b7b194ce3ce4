export * from './rule.service';
export * from './screening.service';
export * from './flagged-content';
