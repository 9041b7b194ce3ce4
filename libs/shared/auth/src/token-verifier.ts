import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError, RevocationsNotReadyError } from './errors';
import type { Principal } from './principal';
import type { RevocationList } from './revocation-list';

export interface TokenVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  /** The identity service's JWK Set (fetched once, refetched for an unknown `kid`). */
  readonly jwksUrl: string;
  /** Tokens older than this (by `iat`) are refused whatever their `exp`: bounds the deny-list's retention. */
  readonly maxTokenAgeSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly revocations: RevocationList;
  /** Why the deny-list cannot be trusted yet (not caught up after start), or undefined once it can. */
  readonly revocationsPending: () => string | undefined;
  /** For tests: a key set instead of the JWKS URL. */
  readonly keys?: JWTVerifyGetKey;
}

export const PLATFORM_TOKEN_ALGORITHMS = ['ES256'];

/**
 * Offline verification of platform access tokens: signature against the cached JWKS (key
 * rotation: an unknown `kid` triggers a refetch, at most every 5 s), `typ: at+jwt`, issuer,
 * audience, expiry and age with a small clock tolerance, the claims Plein needs, and finally the
 * revocation deny-list. No call to the identity service per request.
 */
export class PlatformTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    this.keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  }

  async verify(token: string): Promise<Principal> {
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: PLATFORM_TOKEN_ALGORITHMS,
        typ: 'at+jwt',
        maxTokenAge: this.options.maxTokenAgeSeconds,
        clockTolerance: this.options.clockToleranceSeconds,
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new AuthenticationError('AUTH.INVALID_TOKEN', code === 'ERR_JWT_EXPIRED' ? 'The access token has expired' : 'The access token is not valid');
    }
    const roles = payload['roles'];
    const sid = payload['sid'];
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string') || typeof sid !== 'string') {
      throw new AuthenticationError('AUTH.INVALID_TOKEN', 'The access token is not valid');
    }
    const pending = this.options.revocationsPending();
    if (pending !== undefined) throw new RevocationsNotReadyError(pending);
    const principal: Principal = { userId: payload.sub!, sessionId: sid, roles, issuedAt: payload.iat!, expiresAt: payload.exp! };
    if (this.options.revocations.isRevoked(principal)) throw new AuthenticationError('AUTH.TOKEN_REVOKED', 'The access token has been revoked');
    return principal;
  }
}
