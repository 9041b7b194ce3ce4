export * from './rule.service';
