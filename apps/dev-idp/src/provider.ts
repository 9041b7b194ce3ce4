import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Configuration, JWK, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { accountClaims, SCOPE_CLAIMS, type AccountDirectory } from './accounts';
import type { DevIdpConfig } from './dev-idp.config';
import { escapeHtml, page } from './login-page';

/** A fresh RS256 signing key per start: dev tokens need not survive a restart (clients refetch the JWKS). */
export function generateSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

export interface ProviderSettings {
  readonly client: DevIdpConfig['client'];
  readonly accounts: AccountDirectory;
  readonly cookieKeys: readonly string[];
  readonly signingKey: JWK;
  /** Default 3600. */
  readonly idTokenTtlSeconds?: number;
}

/**
 * The oidc-provider configuration: one confidential client (authorization code + PKCE required,
 * S256 only in oidc-provider 9), the demo accounts, login through our own interaction pages,
 * RP-initiated logout and back-channel logout. ID tokens carry the granted scopes' claims
 * (`conformIdTokenClaims: false`), so relying parties need not call userinfo.
 */
export function providerConfiguration(settings: ProviderSettings): Configuration {
  const { client, accounts } = settings;
  return {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: 'Plein',
        redirect_uris: [...client.redirectUris],
        post_logout_redirect_uris: [...client.postLogoutRedirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
        ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
      },
    ],
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const account = accounts.find(sub);
      if (!account) return undefined;
      return { accountId: account.sub, claims: () => accountClaims(account) };
    },
    claims: Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    scopes: ['openid', 'offline_access', ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid')],
    conformIdTokenClaims: false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [...settings.cookieKeys] },
    jwks: { keys: [settings.signingKey] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            'Uitloggen',
            `<h1>Uitloggen?</h1>${form}<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">Ja, uitloggen</button><button class="secondary" type="submit" form="op.logoutForm">Nee, ingelogd blijven</button>`,
          );
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.body = page('Uitgelogd', '<h1>Uitgelogd</h1><p>Je bent uitgelogd bij Plein Demo BV.</p>');
        },
      },
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: settings.idTokenTtlSeconds ?? 3600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, RefreshToken: 24 * 3600 },
    // oidc-provider guards its outgoing requests against special-use addresses (SSRF), which would
    // refuse the back-channel logout call to a relying party on 127.0.0.1 — the normal case here.
    // The dev IdP only ever calls the configured back-channel logout URI, so drop that guard.
    fetch: (url, init) => {
      const { dispatcher: _guard, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Fout', `<h1>${escapeHtml(String(out['error'] ?? 'error'))}</h1><p>${escapeHtml(String(out['error_description'] ?? ''))}</p>`);
    },
  };
}

/** oidc-provider is ESM-only; Node 24 loads it from our CommonJS output through require(esm). */
export async function createProvider(issuer: string, configuration: Configuration): Promise<Provider> {
  const { default: ProviderClass } = await import('oidc-provider');
  return new ProviderClass(issuer, configuration);
}
