import { z } from 'zod';
import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';
import { authConfig } from '@plein/shared/auth';

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, `must be an integer between ${min} and ${max}`)
    .transform(Number);

/** The feed's own settings: hybrid fan-out, and whether this process consumes Kafka (the topic prefix is the shared kafka section's). */
export const feedSettings = () =>
  z
    .object({
      FEED_FANOUT_THRESHOLD: integer(5_000, 1, 1_000_000),
      FEED_TIMELINE_CAP: integer(800, 10, 100_000),
      FEED_INACTIVE_DAYS: integer(14, 1, 3_650),
      FEED_CONSUMERS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
    })
    .transform((e) => ({
      fanOut: { threshold: e.FEED_FANOUT_THRESHOLD, cap: e.FEED_TIMELINE_CAP, inactiveAfterMs: e.FEED_INACTIVE_DAYS * 24 * 3600 * 1000 },
      consumers: e.FEED_CONSUMERS === 'on',
    }));

/** Feed service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const feedConfigSchema = {
  service: serviceConfig({ name: 'feed', port: 3002 }),
  kafka: kafkaConfig({ clientId: 'plein-feed' }),
  mongodb: mongodbConfig({ database: 'plein_feed' }),
  auth: authConfig(),
  feed: feedSettings(),
};

export type FeedConfig = ConfigOf<typeof feedConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadFeedConfig = (env: Env = process.env): FeedConfig => loadConfig(feedConfigSchema, env);
