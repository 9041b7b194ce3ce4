import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** Insights service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const insightsConfigSchema = {
  service: serviceConfig({ name: 'insights', port: 3006 }),
  kafka: kafkaConfig({ clientId: 'plein-insights' }),
  mongodb: mongodbConfig({ database: 'plein_insights' }),
};

export type InsightsConfig = ConfigOf<typeof insightsConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadInsightsConfig = (env: Env = process.env): InsightsConfig => loadConfig(insightsConfigSchema, env);
