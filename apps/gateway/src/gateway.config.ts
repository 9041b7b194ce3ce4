import { resolve } from 'node:path';
import { type ConfigOf, type Env, loadConfig, serviceConfig, urlSetting, withoutTrailingSlashes } from '@plein/shared/config';
import { z } from 'zod';

/** The services behind `/api/<service>/…`, each with its base URL setting and local default port. */
export const UPSTREAMS = { identity: 3001, feed: 3002, profiles: 3003, moderation: 3004, notifications: 3005, insights: 3006 } as const;
export type UpstreamName = keyof typeof UPSTREAMS;
export const UPSTREAM_NAMES = Object.keys(UPSTREAMS) as UpstreamName[];

const WHOLE = /^\d{1,9}$/;
const whole = (fallback: string, min: number, max: number, unit: string) =>
  z
    .string()
    .default(fallback)
    .refine((raw) => WHOLE.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, `must be a whole number of ${unit} from ${min} to ${max}`)
    .transform(Number);

const upstreamSettings = Object.fromEntries(
  UPSTREAM_NAMES.map((name) => [`GATEWAY_${name.toUpperCase()}_URL`, urlSetting(['http:', 'https:'], `http://${name}:8080`).default(`http://127.0.0.1:${UPSTREAMS[name]}`)]),
) as Record<`GATEWAY_${Uppercase<UpstreamName>}_URL`, z.ZodDefault<ReturnType<typeof urlSetting>>>;

/**
 * The edge's settings: its public URL (origin checks, Secure cookies and HSTS on https), where the
 * web client's files are, each service's base URL, body and rate limits, and the visit events.
 */
export const gatewaySettings = () =>
  z
    .object({
      GATEWAY_PUBLIC_URL: urlSetting(['http:', 'https:'], 'https://plein.example.org').optional(),
      GATEWAY_STATIC_DIR: z.string().trim().min(1).default('apps/gateway/public'),
      GATEWAY_MAX_BODY_BYTES: whole('1048576', 1024, 104_857_600, 'bytes'),
      GATEWAY_RATE_LIMIT_PER_MINUTE: whole('600', 1, 1_000_000, 'requests'),
      GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: whole('120', 1, 1_000_000, 'requests'),
      GATEWAY_MAX_SESSIONS: whole('100000', 1, 10_000_000, 'sessions'),
      GATEWAY_VISITS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
      ...upstreamSettings,
    })
    .transform((e) => {
      const publicUrl = e.GATEWAY_PUBLIC_URL ? withoutTrailingSlashes(e.GATEWAY_PUBLIC_URL) : undefined;
      return {
        publicOrigin: publicUrl ? new URL(publicUrl).origin : undefined,
        secure: publicUrl?.startsWith('https:') ?? false,
        staticDir: resolve(e.GATEWAY_STATIC_DIR),
        maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
        rateLimitPerMinute: e.GATEWAY_RATE_LIMIT_PER_MINUTE,
        anonymousRateLimitPerMinute: e.GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MINUTE,
        maxSessions: e.GATEWAY_MAX_SESSIONS,
        visits: e.GATEWAY_VISITS === 'true',
        upstreams: Object.fromEntries(UPSTREAM_NAMES.map((name) => [name, withoutTrailingSlashes(e[`GATEWAY_${name.toUpperCase() as Uppercase<UpstreamName>}_URL`])])) as Record<UpstreamName, string>,
      };
    });

/** Gateway settings, validated at boot; defaults fit `npm start` (services on 3001–3006). No Kafka, no MongoDB. */
export const gatewayConfigSchema = {
  service: serviceConfig({ name: 'gateway', port: 3000 }),
  gateway: gatewaySettings(),
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigSchema>;
export type GatewaySettings = GatewayConfig['gateway'];

/** Throws ConfigError naming every bad or missing variable. */
export const loadGatewayConfig = (env: Env = process.env): GatewayConfig => loadConfig(gatewayConfigSchema, env);
