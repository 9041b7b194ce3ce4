import type {
  UserAttributesChangedV1,
  UserDeactivatedV1,
  UserDeletedV1,
  UserManagerChangedV1,
  UserManagerReferenceChangedV1,
  UserProvisionedV1,
  UserReactivatedV1,
  UserRoleGrantedV1,
  UserRoleRevokedV1,
} from '@plein/identity/contracts';

/**
 * The User aggregate's events. They are exactly the public contracts of libs/identity/contracts
 * (the stream is the outbox, and the store refuses types without a contract); the literal types
 * here let `evolve` switch exhaustively, and user.events.spec.ts checks them against the contracts.
 * The aggregate id (= envelope aggregateId, the Plein user id) is not repeated in `data`.
 */
export const USER_AGGREGATE_TYPE = 'user';

export type UserEvent =
  | { readonly type: 'identity.user.provisioned'; readonly version: 1; readonly data: UserProvisionedV1 }
  | { readonly type: 'identity.user.attributes-changed'; readonly version: 1; readonly data: UserAttributesChangedV1 }
  | { readonly type: 'identity.user.manager-changed'; readonly version: 1; readonly data: UserManagerChangedV1 }
  | { readonly type: 'identity.user.manager-reference-changed'; readonly version: 1; readonly data: UserManagerReferenceChangedV1 }
  | { readonly type: 'identity.user.deactivated'; readonly version: 1; readonly data: UserDeactivatedV1 }
  | { readonly type: 'identity.user.reactivated'; readonly version: 1; readonly data: UserReactivatedV1 }
  | { readonly type: 'identity.user.deleted'; readonly version: 1; readonly data: UserDeletedV1 }
  | { readonly type: 'identity.user.role-granted'; readonly version: 1; readonly data: UserRoleGrantedV1 }
  | { readonly type: 'identity.user.role-revoked'; readonly version: 1; readonly data: UserRoleRevokedV1 };

export type UserEventType = UserEvent['type'];
