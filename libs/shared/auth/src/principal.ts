/** Who called, as a verified platform access token says. */
export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly string[];
  /** `iat` and `exp` of the token (seconds). */
  readonly issuedAt: number;
  readonly expiresAt: number;
}
