import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { RevocationList } from './revocation-list';
import { PlatformTokenVerifier } from './token-verifier';

const ISSUER = 'https://plein.example.org';

describe('PlatformTokenVerifier', () => {
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  let otherKey: CryptoKey;
  let pending: string | undefined;
  const revocations = new RevocationList(600_000);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    otherKey = (await generateKeyPair('ES256')).privateKey;
  });

  const verifier = () =>
    new PlatformTokenVerifier({
      issuer: ISSUER,
      audience: 'plein',
      jwksUrl: `${ISSUER}/.well-known/jwks.json`,
      maxTokenAgeSeconds: 900,
      clockToleranceSeconds: 0,
      revocations,
      revocationsPending: () => pending,
      keys: createLocalJWKSet({ keys: [publicJwk] }),
    });

  const token = (overrides: { key?: CryptoKey; typ?: string; iss?: string; aud?: string; exp?: number; iat?: number; roles?: unknown; sub?: string } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: 'session-1', roles: overrides.roles ?? ['employee', 'admin'] })
      .setProtectedHeader({ alg: 'ES256', typ: overrides.typ ?? 'at+jwt', kid: 'k1' })
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(overrides.aud ?? 'plein')
      .setSubject(overrides.sub ?? 'user-1')
      .setIssuedAt(overrides.iat ?? now)
      .setExpirationTime(overrides.exp ?? now + 300)
      .sign(overrides.key ?? privateKey);
  };

  it('accepts a valid token and returns the principal', async () => {
    await expect(verifier().verify(await token())).resolves.toMatchObject({ userId: 'user-1', sessionId: 'session-1', roles: ['employee', 'admin'] });
  });

  it.each([
    ['another key', { key: undefined as unknown as CryptoKey }],
    ['a foreign issuer', { iss: 'https://evil.example.org' }],
    ['another audience', { aud: 'elsewhere' }],
    ['an ID token typ', { typ: 'JWT' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 1 }],
    ['a token older than the maximum age', { iat: Math.floor(Date.now() / 1000) - 901, exp: Math.floor(Date.now() / 1000) + 60 }],
    ['roles that are not strings', { roles: 'admin' }],
  ])('refuses %s', async (_what, overrides) => {
    const jwt = await token({ ...overrides, ...(('key' in overrides) ? { key: otherKey } : {}) });
    await expect(verifier().verify(jwt)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', kind: 'unauthorized' });
  });

  it('refuses revoked users and sessions, and everything while the deny-list is loading', async () => {
    const jwt = await token({ sub: 'user-2' });
    pending = 'revocation backlog not applied after 31 s';
    await expect(verifier().verify(jwt)).rejects.toMatchObject({ code: 'AUTH.REVOCATIONS_LOADING', kind: 'unavailable', message: expect.stringContaining('backlog not applied after 31 s') });
    pending = undefined;
    revocations.revokeUser('user-2', new Date(Date.now() + 1000));
    await expect(verifier().verify(jwt)).rejects.toMatchObject({ code: 'AUTH.TOKEN_REVOKED' });
    revocations.revokeSession('session-1', new Date());
    await expect(verifier().verify(await token())).rejects.toMatchObject({ code: 'AUTH.TOKEN_REVOKED' });
  });
});
