export * from './rule-set.projection';
