import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** Notifications service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const notificationsConfigSchema = {
  service: serviceConfig({ name: 'notifications', port: 3005 }),
  kafka: kafkaConfig({ clientId: 'plein-notifications' }),
  mongodb: mongodbConfig({ database: 'plein_notifications' }),
};

export type NotificationsConfig = ConfigOf<typeof notificationsConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadNotificationsConfig = (env: Env = process.env): NotificationsConfig => loadConfig(notificationsConfigSchema, env);
