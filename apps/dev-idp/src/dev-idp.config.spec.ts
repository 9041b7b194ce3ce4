import { ConfigError } from '@plein/shared/config';
import { loadDevIdpConfig } from './dev-idp.config';

const errorOf = (env: Record<string, string>): ConfigError => {
  try {
    loadDevIdpConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadDevIdpConfig', () => {
  it('defaults to the local development setup', () => {
    expect(loadDevIdpConfig({})).toEqual({
      http: { host: '127.0.0.1', port: 3100 },
      issuer: undefined,
      client: {
        clientId: 'plein',
        clientSecret: 'plein-dev-client-secret',
        redirectUris: ['http://127.0.0.1:3001/auth/callback'],
        postLogoutRedirectUris: ['http://127.0.0.1:3001/'],
        backchannelLogoutUri: undefined,
      },
      organisationFile: 'deploy/demo/organisation.json',
      cookieKeys: undefined,
      idTokenTtlSeconds: 3600,
      logLevel: 'info',
    });
  });

  it('reads every setting', () => {
    const config = loadDevIdpConfig({
      DEV_IDP_HOST: '0.0.0.0',
      DEV_IDP_PORT: '3999',
      DEV_IDP_ISSUER: 'https://idp.dev.example/',
      DEV_IDP_CLIENT_ID: 'plein-web',
      DEV_IDP_CLIENT_SECRET: 'a-long-enough-secret',
      DEV_IDP_REDIRECT_URIS: 'http://localhost:3001/auth/callback, https://plein.dev.example/auth/callback',
      DEV_IDP_BACKCHANNEL_LOGOUT_URI: 'http://127.0.0.1:3001/auth/backchannel-logout',
      DEV_IDP_COOKIE_KEYS: 'k1-0123456789abcdef,k2-0123456789abcdef',
    });
    expect(config.issuer).toBe('https://idp.dev.example');
    expect(config.client.redirectUris).toEqual(['http://localhost:3001/auth/callback', 'https://plein.dev.example/auth/callback']);
    expect(config.client.backchannelLogoutUri).toBe('http://127.0.0.1:3001/auth/backchannel-logout');
    expect(config.cookieKeys).toHaveLength(2);
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3999 });
  });

  it('names every bad setting, without echoing secrets', () => {
    const error = errorOf({ DEV_IDP_PORT: 'x', DEV_IDP_CLIENT_SECRET: 'short-s3cret', DEV_IDP_REDIRECT_URIS: 'ftp://x/cb', DEV_IDP_COOKIE_KEYS: 'tiny' });
    expect(error.settings).toEqual(['DEV_IDP_PORT', 'DEV_IDP_CLIENT_SECRET', 'DEV_IDP_REDIRECT_URIS', 'DEV_IDP_COOKIE_KEYS']);
    expect(error.message).not.toContain('short-s3cret');
  });

  it('refuses to run in production', () => {
    expect(errorOf({ NODE_ENV: 'production' }).settings).toEqual(['NODE_ENV']);
  });
});
