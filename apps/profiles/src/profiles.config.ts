import { authConfig } from '@plein/shared/auth';
import { type ConfigOf, elasticsearchConfig, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';
import { z } from 'zod';
import { expertiseSettings } from './expertise.settings';
import { searchSettings } from './search.settings';

/** The profiles service's own settings: whether this process consumes Kafka (the topic prefix is the shared kafka section's). */
export const profilesSettings = () =>
  z
    .object({ PROFILES_CONSUMERS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on') })
    .transform((e) => ({ consumers: e.PROFILES_CONSUMERS === 'on' }));

/** Profiles service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB + Elasticsearch. */
export const profilesConfigSchema = {
  service: serviceConfig({ name: 'profiles', port: 3003 }),
  kafka: kafkaConfig({ clientId: 'plein-profiles' }),
  mongodb: mongodbConfig({ database: 'plein_profiles' }),
  elasticsearch: elasticsearchConfig(),
  auth: authConfig(),
  profiles: profilesSettings(),
  expertise: expertiseSettings(),
  search: searchSettings(),
};

export type ProfilesConfig = ConfigOf<typeof profilesConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadProfilesConfig = (env: Env = process.env): ProfilesConfig => loadConfig(profilesConfigSchema, env);
