export * from './compose-rules';
export * from './approvals';
