import { PleinError } from '@plein/shared/kernel';

/** No valid platform token: missing, malformed, bad signature, expired, wrong issuer/audience, revoked. 401. */
export class AuthenticationError extends PleinError {
  readonly kind = 'unauthorized' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A valid token without the role an endpoint needs. 403. */
export class MissingRoleError extends PleinError {
  readonly kind = 'forbidden' as const;
  readonly code = 'AUTH.MISSING_ROLE';
  constructor(readonly roles: readonly string[]) {
    super(`This needs one of the roles: ${roles.join(', ')}`);
  }
}

/**
 * The revocation deny-list has not caught up with recent revocations yet (just after start), so
 * no token can be trusted: 503, the client retries. Fail closed rather than accept a revoked token.
 */
export class RevocationsNotReadyError extends PleinError {
  readonly kind = 'unavailable' as const;
  readonly code = 'AUTH.REVOCATIONS_LOADING';
  constructor() {
    super('Token revocations are still loading; try again in a moment');
  }
}
