export * from './compose-rules';
