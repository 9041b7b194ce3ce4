import { z } from 'zod';
import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig, urlSetting, withoutTrailingSlashes } from '@plein/shared/config';
import { ACCOUNT_LINK_CLAIMS, CLAIM_ATTRIBUTES, CLAIM_PRESETS, claimMapping, type AccountLinkClaim, type ClaimPreset } from '@plein/identity/domain';

const fail = (ctx: z.core.$RefinementCtx, message: string, path?: string): never => {
  ctx.addIssue({ code: 'custom', message, ...(path ? { path: [path] } : {}) });
  return z.NEVER;
};
const seconds = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, `must be an integer number of seconds between ${min} and ${max}`)
    .transform(Number);
const perMinute = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d+$/.test(raw.trim()) && Number(raw) >= 1, 'must be a positive integer')
    .transform(Number);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');
const list = z
  .string()
  .default('')
  .transform((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const isLoopback = (url: string): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * OpenID Connect, SCIM, tokens and security settings of the identity service (docs/identity/).
 * The OIDC defaults point at the development IdP (apps/dev-idp); every production deployment sets
 * OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, IDENTITY_PUBLIC_URL and SCIM_BEARER_TOKEN.
 */
export const identitySettings = () =>
  z
    .object({
      IDENTITY_PUBLIC_URL: urlSetting(['http:', 'https:'], 'https://plein.example.org').default('http://127.0.0.1:3001'),
      SCIM_BEARER_TOKEN: z.string().min(32, 'must be at least 32 characters (generate one: openssl rand -base64 48)').optional(),
      SCIM_BEARER_TOKEN_SHA256: z.string().regex(/^[\da-f]{64}$/i, 'must be a SHA-256 hex digest').optional(),
      OIDC_ISSUER: urlSetting(['http:', 'https:'], 'https://login.microsoftonline.com/<tenant>/v2.0').default('http://127.0.0.1:3100'),
      OIDC_CLIENT_ID: z.string().min(1).max(200).default('plein'),
      OIDC_CLIENT_SECRET: z.string().min(1).default('plein-dev-client-secret'),
      OIDC_REDIRECT_URI: urlSetting(['http:', 'https:'], 'https://plein.example.org/auth/callback').optional(),
      OIDC_POST_LOGOUT_REDIRECT_URI: urlSetting(['http:', 'https:'], 'https://plein.example.org/').optional(),
      OIDC_SCOPES: z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be space-separated scope names').default('openid email profile'),
      OIDC_CLAIM_PRESET: z.enum(Object.keys(CLAIM_PRESETS) as [ClaimPreset, ...ClaimPreset[]], { error: `must be one of ${Object.keys(CLAIM_PRESETS).join(', ')}` }).default('generic'),
      OIDC_CLAIM_MAPPING: z.string().optional(),
      OIDC_CLOCK_TOLERANCE_SECONDS: seconds(30, 0, 300),
      OIDC_CLOCK_SKEW_SECONDS: z.string().default('0').refine((raw) => /^-?\d+$/.test(raw.trim()) && Math.abs(Number(raw)) <= 3_600, 'must be an integer number of seconds between -3600 and 3600').transform(Number),
      OIDC_ALLOW_INSECURE_HTTP: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
      IDENTITY_JIT_PROVISIONING: flag(true),
      IDENTITY_UPDATE_ATTRIBUTES_ON_LOGIN: flag(false),
      // Opt-in only: usernames and some IdPs' e-mails are editable by their users (account takeover).
      OIDC_LINK_EXISTING_BY: list.refine((names) => names.every((n) => (ACCOUNT_LINK_CLAIMS as readonly string[]).includes(n)), `must be a comma-separated list of ${ACCOUNT_LINK_CLAIMS.join(', ')}`),
      AUTH_REDIRECT_ALLOW_LIST: list,
      ACCESS_TOKEN_TTL_SECONDS: seconds(300, 30, 3_600),
      SESSION_TTL_SECONDS: seconds(8 * 3_600, 300, 30 * 86_400),
      SIGNING_KEY_ROTATE_AFTER_SECONDS: seconds(86_400, 60, 90 * 86_400),
      SIGNING_KEY_PUBLISH_LEAD_SECONDS: seconds(900, 0, 86_400),
      IDENTITY_KEY_ENCRYPTION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
      IDENTITY_BOOTSTRAP_ADMINS: list,
      RATE_LIMIT_LOGIN_PER_MINUTE: perMinute(30),
      RATE_LIMIT_SCIM_PER_MINUTE: perMinute(1_200),
      IDENTITY_KAFKA_PROJECTIONS: flag(true),
      IDENTITY_ENSURE_TOPICS: flag(true),
    })
    .transform((e, ctx) => {
      const publicUrl = withoutTrailingSlashes(e.IDENTITY_PUBLIC_URL);
      let overrides: Record<string, string[]> = {};
      if (e.OIDC_CLAIM_MAPPING) {
        try {
          overrides = JSON.parse(e.OIDC_CLAIM_MAPPING) as Record<string, string[]>;
        } catch {
          return fail(ctx, 'must be a JSON object like {"department":["dept"]}', 'OIDC_CLAIM_MAPPING');
        }
        const bad = Object.entries(overrides).filter(([k, v]) => !(CLAIM_ATTRIBUTES as readonly string[]).includes(k) || !Array.isArray(v) || !v.every((n) => typeof n === 'string'));
        if (typeof overrides !== 'object' || Array.isArray(overrides) || bad.length > 0) return fail(ctx, `keys must be ${CLAIM_ATTRIBUTES.join(', ')} and values arrays of claim names`, 'OIDC_CLAIM_MAPPING');
      }
      const redirects = e.AUTH_REDIRECT_ALLOW_LIST.length > 0 ? e.AUTH_REDIRECT_ALLOW_LIST : [`${publicUrl}/`];
      if (redirects.some((u) => !URL.canParse(u) || !['http:', 'https:'].includes(new URL(u).protocol))) return fail(ctx, 'must be absolute http(s) URLs', 'AUTH_REDIRECT_ALLOW_LIST');
      return {
        publicUrl,
        scimBaseUrl: `${publicUrl}/scim/v2`,
        scimTokenSha256: e.SCIM_BEARER_TOKEN_SHA256?.toLowerCase(),
        scimToken: e.SCIM_BEARER_TOKEN,
        oidc: {
          issuer: withoutTrailingSlashes(e.OIDC_ISSUER),
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          redirectUri: e.OIDC_REDIRECT_URI ?? `${publicUrl}/auth/callback`,
          postLogoutRedirectUri: e.OIDC_POST_LOGOUT_REDIRECT_URI ?? `${publicUrl}/`,
          scopes: e.OIDC_SCOPES,
          claimMapping: claimMapping(e.OIDC_CLAIM_PRESET, overrides),
          clockToleranceSeconds: e.OIDC_CLOCK_TOLERANCE_SECONDS,
          clockSkewSeconds: e.OIDC_CLOCK_SKEW_SECONDS,
          // An http:// issuer is only accepted on loopback unless explicitly allowed.
          allowInsecureHttp: e.OIDC_ALLOW_INSECURE_HTTP ? e.OIDC_ALLOW_INSECURE_HTTP === 'true' : new URL(e.OIDC_ISSUER).protocol === 'http:' && isLoopback(e.OIDC_ISSUER),
        },
        login: {
          jitProvisioning: e.IDENTITY_JIT_PROVISIONING,
          updateAttributesOnLogin: e.IDENTITY_UPDATE_ATTRIBUTES_ON_LOGIN,
          linkExistingBy: e.OIDC_LINK_EXISTING_BY as AccountLinkClaim[],
          redirectAllowList: redirects,
        },
        tokens: {
          accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
          sessionTtlSeconds: e.SESSION_TTL_SECONDS,
          rotateAfterSeconds: e.SIGNING_KEY_ROTATE_AFTER_SECONDS,
          publishLeadSeconds: Math.min(e.SIGNING_KEY_PUBLISH_LEAD_SECONDS, Math.floor(e.SIGNING_KEY_ROTATE_AFTER_SECONDS / 2)),
          keyEncryptionSecret: e.IDENTITY_KEY_ENCRYPTION_SECRET,
        },
        bootstrapAdmins: e.IDENTITY_BOOTSTRAP_ADMINS,
        rateLimits: { loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE, scimPerMinute: e.RATE_LIMIT_SCIM_PER_MINUTE },
        kafkaProjections: e.IDENTITY_KAFKA_PROJECTIONS,
        ensureTopics: e.IDENTITY_ENSURE_TOPICS,
        secureCookies: publicUrl.startsWith('https:'),
      };
    });

/** Identity service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const identityConfigSchema = {
  service: serviceConfig({ name: 'identity', port: 3001 }),
  kafka: kafkaConfig({ clientId: 'plein-identity' }),
  mongodb: mongodbConfig({ database: 'plein_identity' }),
  identity: identitySettings(),
};

export type IdentityConfig = ConfigOf<typeof identityConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadIdentityConfig = (env: Env = process.env): IdentityConfig => loadConfig(identityConfigSchema, env);
