export * from './case/case.decider';
export * from './case/priority';
export * from './case/scope';
export * from './audit/audit-chain';
export * from './rules';
