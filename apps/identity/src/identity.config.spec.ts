import { ConfigError } from '@plein/shared/config';
import { loadIdentityConfig } from './identity.config';

const fieldsOf = (env: Record<string, string>): string[] => {
  try {
    loadIdentityConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.violations.map((v) => v.field);
    throw error;
  }
  return [];
};

describe('loadIdentityConfig', () => {
  it('defaults to the local platform with the development IdP', () => {
    const { identity } = loadIdentityConfig({});
    expect(identity).toMatchObject({
      publicUrl: 'http://127.0.0.1:3001',
      scimBaseUrl: 'http://127.0.0.1:3001/scim/v2',
      scimToken: undefined,
      oidc: { issuer: 'http://127.0.0.1:3100', clientId: 'plein', redirectUri: 'http://127.0.0.1:3001/auth/callback', allowInsecureHttp: true },
      login: { jitProvisioning: true, updateAttributesOnLogin: false, linkExistingBy: [], redirectAllowList: ['http://127.0.0.1:3001/'] },
      tokens: { accessTokenTtlSeconds: 300, sessionTtlSeconds: 28_800 },
      secureCookies: false,
    });
  });

  it('derives URLs from IDENTITY_PUBLIC_URL, applies claim overrides and never allows plain http to a remote IdP by default', () => {
    const { identity } = loadIdentityConfig({
      IDENTITY_PUBLIC_URL: 'https://plein.example.org/',
      OIDC_ISSUER: 'http://idp.example.org',
      OIDC_CLAIM_PRESET: 'entra-id',
      OIDC_CLAIM_MAPPING: '{"department":["dept"]}',
      SCIM_BEARER_TOKEN: 'x'.repeat(40),
    });
    expect(identity.scimBaseUrl).toBe('https://plein.example.org/scim/v2');
    expect(identity.oidc.allowInsecureHttp).toBe(false);
    expect(identity.oidc.claimMapping.department).toEqual(['dept']);
    expect(identity.oidc.claimMapping.externalId).toEqual(['oid']);
    expect(identity.secureCookies).toBe(true);
  });

  it('names every bad setting', () => {
    expect(
      fieldsOf({
        SCIM_BEARER_TOKEN: 'short',
        OIDC_CLAIM_PRESET: 'azure',
        ACCESS_TOKEN_TTL_SECONDS: '5',
        IDENTITY_JIT_PROVISIONING: 'yes',
        SCIM_BEARER_TOKEN_SHA256: 'abc',
      }).sort(),
    ).toEqual(['ACCESS_TOKEN_TTL_SECONDS', 'IDENTITY_JIT_PROVISIONING', 'OIDC_CLAIM_PRESET', 'SCIM_BEARER_TOKEN', 'SCIM_BEARER_TOKEN_SHA256']);
    expect(fieldsOf({ OIDC_CLAIM_MAPPING: '{"shoeSize":["x"]}' })).toEqual(['OIDC_CLAIM_MAPPING']);
    expect(fieldsOf({ AUTH_REDIRECT_ALLOW_LIST: 'javascript:alert(1)' })).toEqual(['AUTH_REDIRECT_ALLOW_LIST']);
    expect(fieldsOf({ OIDC_LINK_EXISTING_BY: 'userName,displayName' })).toEqual(['OIDC_LINK_EXISTING_BY']);
  });

  it('links existing accounts by userName or e-mail only when opted in', () => {
    expect(loadIdentityConfig({ OIDC_LINK_EXISTING_BY: ' userName , email' }).identity.login.linkExistingBy).toEqual(['userName', 'email']);
  });
});
