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
 * The revocation deny-list has not caught up with recent revocations (just after start, or Kafka
 * unreachable), so no token can be trusted: 503 with the reason, the client retries. Fail closed
 * rather than accept a revoked token, however long it takes.
 */
export class RevocationsNotReadyError extends PleinError {
  readonly kind = 'unavailable' as const;
  readonly code = 'AUTH.REVOCATIONS_LOADING';
  constructor(readonly reason: string) {
    super(`Token revocations are not loaded yet (${reason}); try again in a moment`, { reason });
  }
}
