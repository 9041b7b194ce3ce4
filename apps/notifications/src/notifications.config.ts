import { authConfig } from '@plein/shared/auth';
import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';
import { z } from 'zod';
import { channelsSettings } from './channels.settings';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The inbox and its live stream (docs/notifications/inbox.md). */
export const inboxSettings = () =>
  z
    .object({
      NOTIFICATIONS_RETENTION_DAYS: int(1, 3650, 90),
      NOTIFICATIONS_CAP_PER_PERSON: int(10, 100_000, 1000),
      NOTIFICATIONS_PURGE_INTERVAL_MS: int(1000, 86_400_000, 3_600_000),
      NOTIFICATIONS_STREAM_POLL_MS: int(20, 10_000, 250),
      NOTIFICATIONS_STREAM_HEARTBEAT_MS: int(100, 300_000, 15_000),
      NOTIFICATIONS_STREAM_MAX_PER_PERSON: int(1, 100, 5),
    })
    .transform((e) => ({
      retentionDays: e.NOTIFICATIONS_RETENTION_DAYS,
      capPerPerson: e.NOTIFICATIONS_CAP_PER_PERSON,
      purgeIntervalMs: e.NOTIFICATIONS_PURGE_INTERVAL_MS,
      streamPollMs: e.NOTIFICATIONS_STREAM_POLL_MS,
      heartbeatMs: e.NOTIFICATIONS_STREAM_HEARTBEAT_MS,
      maxStreamsPerPerson: e.NOTIFICATIONS_STREAM_MAX_PER_PERSON,
    }));

/** Notifications service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const notificationsConfigSchema = {
  service: serviceConfig({ name: 'notifications', port: 3005 }),
  kafka: kafkaConfig({ clientId: 'plein-notifications' }),
  mongodb: mongodbConfig({ database: 'plein_notifications' }),
  auth: authConfig(),
  inbox: inboxSettings(),
  channels: channelsSettings(),
};

export type NotificationsConfig = ConfigOf<typeof notificationsConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadNotificationsConfig = (env: Env = process.env): NotificationsConfig => loadConfig(notificationsConfigSchema, env);
