// Platform tokens in every service: offline JWT verification against identity's JWKS, roles, and a
// revocation deny-list kept current from identity's events. See docs/identity/platform-tokens.md.
export * from './errors';
export * from './principal';
export * from './auth.config';
export * from './revocation-list';
export * from './token-verifier';
export * from './revocation-feed';
export * from './nest/roles.decorator';
export * from './nest/platform-auth.guard';
export * from './nest/platform-auth.module';
export * from './nest/request-context';
