import { ConflictError, NotFoundError, ValidationError, type FieldViolation } from '@plein/shared/kernel';

/** Identity domain errors. Codes are stable; HTTP adapters map `kind` to a status. */

export class UserNotFoundError extends NotFoundError {
  constructor(readonly userId: string) {
    super('IDENTITY.USER_NOT_FOUND', `User ${userId} does not exist`);
  }
}

export class UserAlreadyExistsError extends ConflictError {
  constructor(readonly userId: string) {
    super('IDENTITY.USER_ALREADY_EXISTS', `User ${userId} already exists`, { userId });
  }
}

/** The command needs an active user (granting a role or badge to a deactivated person is refused). */
export class UserDeactivatedError extends ConflictError {
  constructor(readonly userId: string) {
    super('IDENTITY.USER_DEACTIVATED', `User ${userId} is deactivated`, { userId });
  }
}

/**
 * Another user already has this userName (compared case-insensitively). The aggregate cannot see
 * other users: the application layer raises this from the users read model (unique index on the
 * lower-cased userName) before provisioning or renaming. SCIM renders it as 409 `uniqueness`.
 */
export class UserNameTakenError extends ConflictError {
  constructor(readonly userName: string) {
    super('IDENTITY.USERNAME_TAKEN', `The user name "${userName}" is already taken`, { userName });
  }
}

export class InvalidUserAttributesError extends ValidationError {
  constructor(violations: readonly FieldViolation[]) {
    super('IDENTITY.INVALID_USER_ATTRIBUTES', violations);
  }
}

/**
 * The manager change would make someone (indirectly) their own manager. The aggregate detects
 * self-management and any cycle visible in the reports-to chain the command carries; building
 * that chain from the read model is the application layer's job.
 */
export class ManagerCycleError extends ValidationError {
  constructor(userId: string, managerId: string) {
    super('IDENTITY.MANAGER_CYCLE', [{ field: 'managerId', message: `${managerId} reports (indirectly) to ${userId}, or is ${userId}` }]);
  }
}

export class InvalidManagerError extends ValidationError {
  constructor(managerId: string) {
    super('IDENTITY.INVALID_MANAGER', [{ field: 'managerId', message: `"${managerId}" is not a user id` }]);
  }
}

export class RoleNotRevocableError extends ValidationError {
  constructor(role: string) {
    super('IDENTITY.ROLE_NOT_REVOCABLE', [{ field: 'role', message: `"${role}" is held by every user and cannot be revoked` }]);
  }
}

export class UnknownRoleError extends ValidationError {
  constructor(field: 'role' | 'badge', value: string) {
    super(field === 'role' ? 'IDENTITY.UNKNOWN_ROLE' : 'IDENTITY.UNKNOWN_BADGE', [{ field, message: `"${value}" is not a known ${field}` }]);
  }
}

export class GroupNotFoundError extends NotFoundError {
  constructor(readonly groupId: string) {
    super('IDENTITY.GROUP_NOT_FOUND', `Group ${groupId} does not exist`);
  }
}

export class GroupAlreadyExistsError extends ConflictError {
  constructor(readonly groupId: string) {
    super('IDENTITY.GROUP_ALREADY_EXISTS', `Group ${groupId} already exists`, { groupId });
  }
}

export class InvalidGroupError extends ValidationError {
  constructor(violations: readonly FieldViolation[]) {
    super('IDENTITY.INVALID_GROUP', violations);
  }
}
