import { IdentityProviderUnavailableError, LoginFailedError, type AuthorizationRequest, type IdentityProvider, type LogoutTokenClaims, type VerifiedLogin } from '@plein/identity/application';
import { createRemoteJWKSet, jwtVerify } from 'jose';

type OpenIdClient = typeof import('openid-client');
type Configuration = Awaited<ReturnType<OpenIdClient['discovery']>>;

export interface OidcSettings {
  /** The IdP's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Plein's callback, registered at the IdP: `https://<identity>/auth/callback`. */
  readonly redirectUri: string;
  readonly scopes: string;
  /** Tolerance for exp/iat/nbf of ID and logout tokens (seconds). */
  readonly clockToleranceSeconds: number;
  /** Correction of this server's clock against the IdP's (seconds; positive when ours is behind). */
  readonly clockSkewSeconds?: number;
  /** Allow an http:// issuer (development IdPs on loopback only). */
  readonly allowInsecureHttp: boolean;
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token older than this is refused even if its exp says otherwise. */
const LOGOUT_TOKEN_MAX_AGE = '5m';

/**
 * Any compliant OpenID provider, through openid-client: discovery (cached; retried on the next
 * login when the IdP was unreachable), authorization URL with PKCE S256, state and nonce, code
 * redemption with ID token validation (signature against the IdP's JWKS, issuer, audience, expiry,
 * nonce, state), RP-initiated logout URL and back-channel logout token validation.
 */
export class OpenIdConnectProvider implements IdentityProvider {
  private config: Promise<Configuration> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  async authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const [oidc, config] = await Promise.all([this.client(), this.configuration()]);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
      state: request.state,
      nonce: request.nonce,
    });
  }

  async completeAuthorization(callbackUrl: URL, expected: AuthorizationRequest): Promise<VerifiedLogin> {
    const [oidc, config] = await Promise.all([this.client(), this.configuration()]);
    // Rebuilt from the registered redirect URI: openid-client derives redirect_uri from it, and the
    // URL this process saw may differ behind a proxy.
    const current = new URL(this.settings.redirectUri);
    current.search = callbackUrl.search;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedNonce: expected.nonce,
        expectedState: expected.state,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new LoginFailedError('no ID token');
      return { claims: { ...claims }, issuer: claims.iss };
    } catch (error) {
      if (error instanceof LoginFailedError) throw error;
      throw new LoginFailedError(describe(error));
    }
  }

  async endSessionUrl(params: { state: string; postLogoutRedirectUri: string }): Promise<URL | null> {
    const [oidc, config] = await Promise.all([this.client(), this.configuration()]);
    if (!config.serverMetadata().end_session_endpoint) return null;
    // client_id instead of id_token_hint (OIDC RP-Initiated Logout 1.0 §2): no token in a URL.
    return oidc.buildEndSessionUrl(config, { client_id: this.settings.clientId, post_logout_redirect_uri: params.postLogoutRedirectUri, state: params.state });
  }

  async verifyLogoutToken(token: string): Promise<LogoutTokenClaims> {
    const config = await this.configuration();
    const metadata = config.serverMetadata();
    if (!metadata.jwks_uri) throw new LoginFailedError('IdP publishes no JWKS');
    this.jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: metadata.issuer,
        audience: this.settings.clientId,
        maxTokenAge: LOGOUT_TOKEN_MAX_AGE,
        clockTolerance: this.settings.clockToleranceSeconds,
        currentDate: new Date(Date.now() + (this.settings.clockSkewSeconds ?? 0) * 1000),
        requiredClaims: ['iat', 'jti'],
      });
      const events = payload['events'];
      if (typeof events !== 'object' || events === null || !(BACKCHANNEL_EVENT in events)) throw new Error('not a back-channel logout token');
      if ('nonce' in payload) throw new Error('a logout token must not carry a nonce');
      const sid = typeof payload['sid'] === 'string' ? payload['sid'] : undefined;
      if (!sid && !payload.sub) throw new Error('a logout token needs sid or sub');
      const expiresAt = new Date(((payload.exp ?? payload.iat! + 300) + this.settings.clockToleranceSeconds) * 1000);
      return { issuer: metadata.issuer, jti: payload.jti!, ...(sid ? { sid } : {}), ...(payload.sub ? { sub: payload.sub } : {}), expiresAt };
    } catch (error) {
      throw new LoginFailedError(`logout token refused: ${describe(error)}`, 'The logout token is not valid');
    }
  }

  private client(): Promise<OpenIdClient> {
    return import('openid-client');
  }

  private configuration(): Promise<Configuration> {
    this.config ??= this.discover().catch((error: unknown) => {
      this.config = null; // try again on the next request
      throw new IdentityProviderUnavailableError(describe(error));
    });
    return this.config;
  }

  private async discover(): Promise<Configuration> {
    const oidc = await this.client();
    const { issuer, clientId, clientSecret, clockToleranceSeconds, allowInsecureHttp } = this.settings;
    const config = await oidc.discovery(
      new URL(issuer),
      clientId,
      { client_secret: clientSecret, [oidc.clockTolerance]: clockToleranceSeconds, [oidc.clockSkew]: this.settings.clockSkewSeconds ?? 0 },
      oidc.ClientSecretBasic(clientSecret),
      allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : {},
    );
    // Also verify the ID token's signature (not only TLS to the token endpoint).
    oidc.enableNonRepudiationChecks(config);
    return config;
  }
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as { code?: unknown; error?: unknown; message?: unknown };
  // openid-client wraps oauth4webapi errors; the innermost cause names the failing claim (`exp`, `nonce`).
  let claim: string | undefined;
  for (let c = (error as { cause?: unknown }).cause, depth = 0; typeof c === 'object' && c !== null && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const found = (c as { claim?: unknown }).claim;
    if (typeof found === 'string') claim = `claim ${found}`;
  }
  return [e.code, e.error, e.message, claim].filter((p) => typeof p === 'string').join(': ') || 'login failed';
}
