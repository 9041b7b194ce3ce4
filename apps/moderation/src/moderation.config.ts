import { z } from 'zod';
import { authConfig } from '@plein/shared/auth';
import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';
import { MODERATION_REASONS, type ModerationReason } from '@plein/moderation/contracts';
import { DEFAULT_REPORT_REASONS } from '@plein/moderation/domain';

const REASON_LIST = /^[a-z-]+(?:,[a-z-]+)*$/;

/** Moderation's own settings: the reasons offered to reporters and how long audit entries are kept. */
export const moderationSettings = () =>
  z
    .object({
      MODERATION_REPORT_REASONS: z
        .string()
        .default(DEFAULT_REPORT_REASONS.join(','))
        .refine((raw) => REASON_LIST.test(raw.trim()) && raw.trim().split(',').every((r) => (MODERATION_REASONS as readonly string[]).includes(r)), `must be a comma-separated list of ${MODERATION_REASONS.join(', ')}`),
      MODERATION_AUDIT_RETENTION_DAYS: z
        .string()
        .default('2555')
        .refine((raw) => /^\d{1,6}$/.test(raw.trim()) && Number(raw) >= 1, 'must be a whole number of days, at least 1'),
    })
    .transform((e) => ({
      reportReasons: [...new Set(e.MODERATION_REPORT_REASONS.trim().split(','))] as ModerationReason[],
      auditRetentionDays: Number(e.MODERATION_AUDIT_RETENTION_DAYS),
    }));

/** Moderation service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const moderationConfigSchema = {
  service: serviceConfig({ name: 'moderation', port: 3004 }),
  kafka: kafkaConfig({ clientId: 'plein-moderation' }),
  mongodb: mongodbConfig({ database: 'plein_moderation' }),
  auth: authConfig(),
  moderation: moderationSettings(),
};

export type ModerationConfig = ConfigOf<typeof moderationConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const loadModerationConfig = (env: Env = process.env): ModerationConfig => loadConfig(moderationConfigSchema, env);
