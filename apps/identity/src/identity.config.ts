import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** Identity service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const identityConfigSchema = {
  service: serviceConfig({ name: 'identity', port: 3001 }),
  kafka: kafkaConfig({ clientId: 'plein-identity' }),
  mongodb: mongodbConfig({ database: 'plein_identity' }),
};

export type IdentityConfig = ConfigOf<typeof identityConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadIdentityConfig = (env: Env = process.env): IdentityConfig => loadConfig(identityConfigSchema, env);
