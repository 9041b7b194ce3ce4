import { ConflictError, ForbiddenError, NotFoundError, PleinError } from '@plein/shared/kernel';

/** Base for the kinds the shared kernel has no ready-made class for. */
abstract class ApplicationError extends PleinError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** SCIM `If-Match` (or a PATCH's base version) no longer matches the resource: 412. */
export class VersionMismatchError extends ApplicationError {
  readonly kind = 'precondition' as const;
  constructor(resource: string, expected: number, actual: number) {
    super('IDENTITY.VERSION_MISMATCH', `${resource} is at version ${actual}, not ${expected}`, { expected, actual });
  }
}

/**
 * A sign-in that must not proceed: bad or replayed state, IdP error, failed ID token validation,
 * unknown or deactivated user. The message is generic on purpose (details go to the log only).
 */
export class LoginFailedError extends ApplicationError {
  readonly kind = 'unauthorized' as const;
  constructor(
    readonly reason: string,
    message = 'Sign-in failed; start again',
  ) {
    super('AUTH.LOGIN_FAILED', message);
  }
}

/** A refresh token that is unknown, expired, reused, or whose session or user is no longer valid. */
export class InvalidRefreshTokenError extends ApplicationError {
  readonly kind = 'unauthorized' as const;
  constructor(readonly reason: string) {
    super('AUTH.INVALID_REFRESH_TOKEN', 'The refresh token is not valid; sign in again');
  }
}

export class RedirectNotAllowedError extends ApplicationError {
  readonly kind = 'validation' as const;
  constructor() {
    super('AUTH.REDIRECT_NOT_ALLOWED', 'return_to is not an allowed redirect target');
  }
}

export class SessionNotFoundError extends NotFoundError {
  constructor(sessionId: string) {
    super('AUTH.SESSION_NOT_FOUND', `Session ${sessionId} does not exist`);
  }
}

/** Plein must keep at least one active admin (checked for changes made inside Plein). */
export class LastAdminError extends ConflictError {
  constructor() {
    super('IDENTITY.LAST_ADMIN', 'This would leave Plein without an active admin');
  }
}

/** The organisation's IdP cannot be reached (discovery or token endpoint): 503, try again later. */
export class IdentityProviderUnavailableError extends ApplicationError {
  readonly kind = 'unavailable' as const;
  constructor(readonly reason: string) {
    super('AUTH.IDP_UNAVAILABLE', 'The identity provider cannot be reached; try again later');
  }
}

export class ForbiddenActionError extends ForbiddenError {
  constructor(message: string) {
    super('AUTH.FORBIDDEN', message);
  }
}
