import type { UserBadge, UserDeactivatedV1, UserRole } from '@plein/identity/contracts';
import type { UserAttributesInput } from './user.attributes';

/**
 * Commands on one User aggregate (stream `user-<userId>`). Checks that need other users
 * (userName uniqueness, the manager's existence and reports-to chain, "keep at least one admin")
 * belong to the application layer, which reads the users read model before deciding.
 */
export type UserCommand =
  | ProvisionUser
  | ProvisionUserFromLogin
  | UpdateUserAttributes
  | ChangeManager
  | ReferenceManager
  | DeactivateUser
  | ReactivateUser
  | DeleteUser
  | GrantRole
  | RevokeRole
  | GrantBadge
  | RevokeBadge;

/** SCIM POST /Users or the demo seed. */
export interface ProvisionUser {
  readonly type: 'ProvisionUser';
  readonly userId: string;
  readonly attributes: UserAttributesInput & { readonly userName: string };
  readonly managerId?: string | null;
  /** A manager not provisioned yet (instead of managerId): kept as a pending reference, see ReferenceManager. */
  readonly managerReference?: string | null;
  /** Extra roles besides `employee` (the seed uses this; SCIM provisions plain employees). */
  readonly roles?: readonly UserRole[];
  readonly badges?: readonly UserBadge[];
  /** SCIM may create a user with `active: false`; it is then provisioned and deactivated at once. */
  readonly active?: boolean;
}

/** Just-in-time provisioning at the first OIDC login of someone SCIM has not provisioned. */
export interface ProvisionUserFromLogin {
  readonly type: 'ProvisionUserFromLogin';
  readonly userId: string;
  /** The ID token's `sub`; becomes the externalId when the claims carry none. */
  readonly subject: string;
  /** From mapClaimsToUser(). */
  readonly attributes: UserAttributesInput & { readonly userName: string };
}

/**
 * Sets the attributes present in `changes`: a value sets, null clears, an absent key keeps.
 * A SCIM PUT/PATCH passes every attribute (absent ones as null); an OIDC login passes only the
 * claims it received. Allowed on deactivated users: directories update disabled accounts too.
 */
export interface UpdateUserAttributes {
  readonly type: 'UpdateUserAttributes';
  readonly userId: string;
  readonly changes: UserAttributesInput;
}

export interface ChangeManager {
  readonly type: 'ChangeManager';
  readonly userId: string;
  readonly managerId: string | null;
  /**
   * The new manager's reports-to chain (their manager, that one's manager, ...), as far as the
   * application layer resolved it from the read model. The change is refused when this user
   * appears in it. Without it only self-management is detectable.
   */
  readonly managerChain?: readonly string[];
}

/**
 * The directory named a manager Plein does not know yet (the application layer found no user with
 * that id or externalId): the user has no manager for now and the reference is kept, until a
 * ChangeManager (sent when that user is provisioned, or a new manager from the directory) replaces it.
 */
export interface ReferenceManager {
  readonly type: 'ReferenceManager';
  readonly userId: string;
  readonly reference: string;
}

export interface DeactivateUser {
  readonly type: 'DeactivateUser';
  readonly userId: string;
  readonly reason: UserDeactivatedV1['reason'];
}

export interface ReactivateUser {
  readonly type: 'ReactivateUser';
  readonly userId: string;
}

/**
 * SCIM DELETE /Users/{id}: deprovisioning for good. Emits `deactivated` (reason `deprovisioned`,
 * unless already deactivated) and then `deleted`, so consumers that only know deactivation still
 * cut access; afterwards the user is not found (RFC 7644 §3.6) and the id is never reused.
 */
export interface DeleteUser {
  readonly type: 'DeleteUser';
  readonly userId: string;
}

export interface GrantRole {
  readonly type: 'GrantRole';
  readonly userId: string;
  readonly role: UserRole;
}

export interface RevokeRole {
  readonly type: 'RevokeRole';
  readonly userId: string;
  readonly role: UserRole;
}

export interface GrantBadge {
  readonly type: 'GrantBadge';
  readonly userId: string;
  readonly badge: UserBadge;
}

export interface RevokeBadge {
  readonly type: 'RevokeBadge';
  readonly userId: string;
  readonly badge: UserBadge;
}
