import { type ConfigOf, elasticsearchConfig, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** Profiles service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB + Elasticsearch. */
export const profilesConfigSchema = {
  service: serviceConfig({ name: 'profiles', port: 3003 }),
  kafka: kafkaConfig({ clientId: 'plein-profiles' }),
  mongodb: mongodbConfig({ database: 'plein_profiles' }),
  elasticsearch: elasticsearchConfig(),
};

export type ProfilesConfig = ConfigOf<typeof profilesConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadProfilesConfig = (env: Env = process.env): ProfilesConfig => loadConfig(profilesConfigSchema, env);
