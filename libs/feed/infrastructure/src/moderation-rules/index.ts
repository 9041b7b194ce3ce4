export * from './rule-set.projection';
export * from './approvals.processor';
