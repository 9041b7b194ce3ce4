import { z } from 'zod';
import { LOG_LEVELS, loadConfig, portSetting, urlSetting, withoutTrailingSlashes, type Env } from '@plein/shared/config';

/**
 * Typed configuration of the development OpenID provider, validated at boot. Every setting has a
 * local default, so `nx serve dev-idp` needs no environment; a bad value stops the app naming the
 * variable. The issuer defaults to http://<host>:<port>; it must be the URL clients reach.
 */
const fail = (ctx: z.core.$RefinementCtx, message: string): never => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

const urlList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const urls = raw
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      const bad = urls.filter((u) => !URL.canParse(u) || !['http:', 'https:'].includes(new URL(u).protocol));
      return urls.length > 0 && bad.length === 0 ? urls : fail(ctx, 'must be a comma-separated list of absolute http(s) URLs');
    });

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    DEV_IDP_HOST: z.string().regex(/^[^\s/]+$/, 'must be a host name or IP address').default('127.0.0.1'),
    DEV_IDP_PORT: portSetting(3100),
    DEV_IDP_ISSUER: urlSetting(['http:', 'https:'], 'http://127.0.0.1:3100').optional(),
    DEV_IDP_CLIENT_ID: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 letters, digits, ".", "_" or "-"').default('plein'),
    DEV_IDP_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').default('plein-dev-client-secret'),
    DEV_IDP_REDIRECT_URIS: urlList('http://127.0.0.1:3001/auth/callback'),
    DEV_IDP_POST_LOGOUT_REDIRECT_URIS: urlList('http://127.0.0.1:3001/'),
    DEV_IDP_BACKCHANNEL_LOGOUT_URI: urlSetting(['http:', 'https:'], 'http://127.0.0.1:3001/auth/backchannel-logout').optional(),
    DEV_IDP_ORGANISATION_FILE: z.string().default('deploy/demo/organisation.json'),
    /** Cookie signing keys; random per start when unset (sessions then end with the process). */
    DEV_IDP_COOKIE_KEYS: z
      .string()
      .transform((raw, ctx) => {
        const keys = raw.split(',').map((k) => k.trim());
        return keys.every((k) => k.length >= 16) ? keys : fail(ctx, 'must be a comma-separated list of keys of at least 16 characters');
      })
      .optional(),
    /** ID token lifetime; tests shorten it to check that relying parties refuse expired ID tokens. */
    DEV_IDP_ID_TOKEN_TTL_SECONDS: portSetting(3600).refine((n) => n >= 1, 'must be at least 1'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  })
  .superRefine((env, ctx) => {
    // A shared demo password and an in-memory store: this provider must never serve real users.
    if (env.NODE_ENV === 'production') ctx.addIssue({ code: 'custom', path: ['NODE_ENV'], message: 'is production, but the dev IdP is for development only' });
  })
  .transform((env) => ({
    http: { host: env.DEV_IDP_HOST, port: env.DEV_IDP_PORT },
    issuer: env.DEV_IDP_ISSUER === undefined ? undefined : withoutTrailingSlashes(env.DEV_IDP_ISSUER),
    client: {
      clientId: env.DEV_IDP_CLIENT_ID,
      clientSecret: env.DEV_IDP_CLIENT_SECRET,
      redirectUris: env.DEV_IDP_REDIRECT_URIS,
      postLogoutRedirectUris: env.DEV_IDP_POST_LOGOUT_REDIRECT_URIS,
      backchannelLogoutUri: env.DEV_IDP_BACKCHANNEL_LOGOUT_URI,
    },
    organisationFile: env.DEV_IDP_ORGANISATION_FILE,
    cookieKeys: env.DEV_IDP_COOKIE_KEYS,
    idTokenTtlSeconds: env.DEV_IDP_ID_TOKEN_TTL_SECONDS,
    logLevel: env.LOG_LEVEL,
  }));

export type DevIdpConfig = z.output<typeof schema>;

export const loadDevIdpConfig = (env: Env = process.env): DevIdpConfig => loadConfig(schema, env);
