import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** Feed service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const feedConfigSchema = {
  service: serviceConfig({ name: 'feed', port: 3002 }),
  kafka: kafkaConfig({ clientId: 'plein-feed' }),
  mongodb: mongodbConfig({ database: 'plein_feed' }),
};

export type FeedConfig = ConfigOf<typeof feedConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadFeedConfig = (env: Env = process.env): FeedConfig => loadConfig(feedConfigSchema, env);
