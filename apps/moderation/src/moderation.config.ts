import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** Moderation service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const moderationConfigSchema = {
  service: serviceConfig({ name: 'moderation', port: 3004 }),
  kafka: kafkaConfig({ clientId: 'plein-moderation' }),
  mongodb: mongodbConfig({ database: 'plein_moderation' }),
};

export type ModerationConfig = ConfigOf<typeof moderationConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadModerationConfig = (env: Env = process.env): ModerationConfig => loadConfig(moderationConfigSchema, env);
