import { authConfig } from '@plein/shared/auth';
import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';
import { z } from 'zod';
import { querySettings } from './query.module';

const WHOLE = /^\d{1,6}$/;
/** For local runs only: production sets its own secret (a leaked default would let anyone link person keys to user ids). */
export const DEV_PSEUDONYM_SECRET = 'plein-dev-insights-pseudonym-secret-not-for-production';

/**
 * The ingestion's settings: the pseudonymisation secret (HMAC key of person keys; rotating it
 * unlinks every stored fact), how long person-period facts are kept after their period ended
 * (cells stay for ever) and how often the purge looks.
 */
export const ingestSettings = () =>
  z
    .object({
      INSIGHTS_PSEUDONYM_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_PSEUDONYM_SECRET),
      INSIGHTS_FACT_RETENTION_DAYS: z
        .string()
        .default('35')
        .refine((raw) => WHOLE.test(raw.trim()) && Number(raw) >= 1 && Number(raw) <= 400, 'must be a whole number of days from 1 to 400'),
      INSIGHTS_PURGE_INTERVAL_SECONDS: z
        .string()
        .default('3600')
        .refine((raw) => WHOLE.test(raw.trim()) && Number(raw) >= 1, 'must be a whole number of seconds, at least 1'),
    })
    .transform((e) => ({
      pseudonymSecret: e.INSIGHTS_PSEUDONYM_SECRET,
      factRetentionDays: Number(e.INSIGHTS_FACT_RETENTION_DAYS),
      purgeIntervalMs: Number(e.INSIGHTS_PURGE_INTERVAL_SECONDS) * 1000,
    }));

/** Insights service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const insightsConfigSchema = {
  service: serviceConfig({ name: 'insights', port: 3006 }),
  kafka: kafkaConfig({ clientId: 'plein-insights' }),
  mongodb: mongodbConfig({ database: 'plein_insights' }),
  auth: authConfig(),
  ingest: ingestSettings(),
  query: querySettings(),
};

export type InsightsConfig = ConfigOf<typeof insightsConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadInsightsConfig = (env: Env = process.env): InsightsConfig => loadConfig(insightsConfigSchema, env);
