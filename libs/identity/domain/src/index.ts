// Identity domain: pure TypeScript (no Nest, mongoose or I/O). See docs/identity/scim.md.
export * from './errors';

// Users
export * from './user/user.attributes';
export * from './user/user.events';
export * from './user/user.commands';
export * from './user/user.state';
export * from './user/user.decider';

// Groups
export * from './group/group.events';
export * from './group/group.decider';
export * from './group/group.proposed-contracts';

// OIDC claims
export * from './claims/claim-mapping';

// SCIM 2.0
export * from './scim/scim.errors';
export * from './scim/scim-error.mapping';
export * from './scim/scim.schema';
export { resolveAttributePath, type ResolvedAttribute, type ResolvedTarget } from './scim/scim-path';
export { normaliseScimResource, type ScimResource } from './scim/scim-values';
export * from './scim/scim-user.mapper';
export * from './scim/scim-group.mapper';
export * from './scim/filter/filter.ast';
export * from './scim/filter/filter.parser';
export * from './scim/filter/filter.resolve';
export * from './scim/filter/filter.evaluator';
export * from './scim/filter/filter.mongo';
export * from './scim/patch/patch-request';
export * from './scim/patch/patch.apply';
export * from './scim/patch/resource-diff';
export * from './scim/patch/group-patch';
