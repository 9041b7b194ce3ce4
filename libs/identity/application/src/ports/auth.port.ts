import type { CommandMetadata } from '@plein/shared/kernel';
import type { SessionRevokedV1, UserRole } from '@plein/identity/contracts';

export type SessionRevocationReason = SessionRevokedV1['reason'];

/** Where a session came from at the IdP, for back-channel logout (`sid`, else `sub`). */
export interface IdpSessionRef {
  readonly issuer: string;
  readonly subject: string;
  readonly sid?: string;
}

/** A Plein session: the `sid` of every access token, the family of its refresh tokens. */
export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly idp: IdpSessionRef | null;
}

/** Operational state (not event-sourced); only revocations become events. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | null>;
  /** Active sessions opened through this IdP session (`sid`) or, without one, for this subject. */
  findActiveByIdp(issuer: string, ref: { sid?: string; subject?: string }): Promise<SessionRecord[]>;
  listActiveForUser(userId: string): Promise<SessionRecord[]>;
  /** True when this call ended an active session. */
  markRevoked(id: string, reason: SessionRevocationReason, at: Date): Promise<boolean>;
}

/** Publishes `identity.session.revoked` (through the event store's outbox). */
export interface SessionRevocationEvents {
  revoked(session: SessionRecord, reason: SessionRevocationReason, metadata: CommandMetadata): Promise<void>;
}

export interface RefreshTokenRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly userId: string;
  /** SHA-256 of the secret part; the secret itself is never stored. */
  readonly secretHash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface RefreshTokenStore {
  save(token: RefreshTokenRecord): Promise<void>;
  get(id: string): Promise<RefreshTokenRecord | null>;
}

export interface AccessTokenClaims {
  readonly sub: string;
  readonly sid: string;
  readonly roles: readonly UserRole[];
}

export interface SignedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Signs platform access tokens (JWT, rotating keys published as JWKS). */
export interface AccessTokenSigner {
  sign(claims: AccessTokenClaims, ttlSeconds: number): Promise<SignedToken>;
}

export interface AuthorizationRequest {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface VerifiedLogin {
  /** Validated ID token claims (merged with userinfo when the IdP needs it). */
  readonly claims: Readonly<Record<string, unknown>>;
  readonly issuer: string;
}

export interface LogoutTokenClaims {
  readonly issuer: string;
  readonly jti: string;
  readonly sid?: string;
  readonly sub?: string;
  readonly expiresAt: Date;
}

/** The organisation's OpenID provider (openid-client in the infrastructure). */
export interface IdentityProvider {
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /**
   * Redeems the code in `callbackUrl` with the PKCE verifier and validates the ID token
   * (signature, issuer, audience, expiry, nonce) and the state. Throws LoginFailedError.
   */
  completeAuthorization(callbackUrl: URL, expected: AuthorizationRequest): Promise<VerifiedLogin>;
  /** RP-initiated logout URL, or null when the IdP has no end_session_endpoint. */
  endSessionUrl(params: { state: string; postLogoutRedirectUri: string }): Promise<URL | null>;
  /** Validates a back-channel logout token (OIDC Back-Channel Logout 1.0 §2.6). Throws LoginFailedError. */
  verifyLogoutToken(token: string): Promise<LogoutTokenClaims>;
}

export interface LoginTransaction {
  readonly id: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** Allow-listed URL the browser returns to after login. */
  readonly returnTo: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface LoginTransactionStore {
  save(transaction: LoginTransaction): Promise<void>;
  get(id: string): Promise<LoginTransaction | null>;
}

/** Which Plein user an IdP identity (issuer + sub) signed in as before. */
export interface LoginLinks {
  find(issuer: string, subject: string): Promise<string | null>;
  link(issuer: string, subject: string, userId: string): Promise<void>;
}
