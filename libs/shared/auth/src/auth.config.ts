import { z } from 'zod';
import { urlSetting, withoutTrailingSlashes } from '@plein/shared/config';

const seconds = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, `must be an integer number of seconds between ${min} and ${max}`)
    .transform(Number);

/**
 * Settings of the platform token guard, the same in every service. Defaults fit the local
 * platform (identity on 127.0.0.1:3001). AUTH_ISSUER must equal the identity service's public URL.
 */
export const authConfig = () =>
  z
    .object({
      AUTH_ISSUER: urlSetting(['http:', 'https:'], 'https://plein.example.org').default('http://127.0.0.1:3001'),
      AUTH_JWKS_URL: urlSetting(['http:', 'https:'], 'https://plein.example.org/.well-known/jwks.json').optional(),
      AUTH_AUDIENCE: z.string().regex(/^[\w.:/-]{1,200}$/, 'must be a plain audience string').default('plein'),
      AUTH_MAX_TOKEN_AGE_SECONDS: seconds(900, 60, 86_400),
      AUTH_CLOCK_TOLERANCE_SECONDS: seconds(5, 0, 300),
    })
    .transform((e) => {
      const issuer = withoutTrailingSlashes(e.AUTH_ISSUER);
      return {
        issuer,
        jwksUrl: e.AUTH_JWKS_URL ?? `${issuer}/.well-known/jwks.json`,
        audience: e.AUTH_AUDIENCE,
        maxTokenAgeSeconds: e.AUTH_MAX_TOKEN_AGE_SECONDS,
        clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
      };
    });

export type AuthConfig = z.output<ReturnType<typeof authConfig>>;

/** How long revocations must be remembered: a token issued just before one can live this long. */
export const revocationRetentionMs = (config: AuthConfig): number => (config.maxTokenAgeSeconds + config.clockToleranceSeconds + 60) * 1000;
