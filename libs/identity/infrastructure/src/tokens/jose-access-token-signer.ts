import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { AccessTokenClaims, AccessTokenSigner, SignedToken } from '@plein/identity/application';
import { SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKeyRing } from './signing-keys';

/**
 * Platform access tokens (RFC 9068 JWT profile, `typ: at+jwt`): `iss` the identity service,
 * `aud` the platform, `sub` the user id, `sid` the session, `roles`, `iat`/`exp`, `jti`. No
 * personal data: services look people up by id.
 */
export class JoseAccessTokenSigner implements AccessTokenSigner {
  private readonly clock: Clock;

  constructor(
    private readonly keys: SigningKeyRing,
    private readonly claims: { readonly issuer: string; readonly audience: string },
    clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async sign(claims: AccessTokenClaims, ttlSeconds: number): Promise<SignedToken> {
    const { kid, key } = await this.keys.current();
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + ttlSeconds;
    const token = await new SignJWT({ sid: claims.sid, roles: [...claims.roles] })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'at+jwt', kid })
      .setIssuer(this.claims.issuer)
      .setAudience(this.claims.audience)
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(key);
    return { token, expiresAt: new Date(exp * 1000) };
  }
}
