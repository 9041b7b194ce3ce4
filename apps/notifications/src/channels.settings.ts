import { urlSetting } from '@plein/shared/config';
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');
const BASE64URL_KEY = /^[\w-]{40,100}$/;

/**
 * The delivery channels (docs/notifications/delivery.md): web push with VAPID, e-mail over SMTP,
 * digests and the one-click unsubscribe links. The defaults fit local development (Mailpit on
 * 1025); production sets VAPID_* and NOTIFICATIONS_UNSUBSCRIBE_SECRET from secrets.
 */
export const channelsSettings = () =>
  z
    .object({
      SMTP_URL: urlSetting(['smtp:', 'smtps:'], 'smtp://user:pass@relay.example.org:587').default('smtp://127.0.0.1:1025'),
      MAIL_FROM: z.string().trim().min(3).max(200).default('Plein <no-reply@plein.localhost>'),
      NOTIFICATIONS_APP_URL: urlSetting(['http:', 'https:'], 'https://intranet.example.org').default('http://127.0.0.1:3001'),
      NOTIFICATIONS_PUBLIC_URL: urlSetting(['http:', 'https:'], 'https://intranet.example.org/api/notifications').default('http://127.0.0.1:3005'),
      NOTIFICATIONS_UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').default('plein-development-unsubscribe-secret-not-for-production'),
      VAPID_SUBJECT: z.string().regex(/^(?:mailto:|https:\/\/)\S+$/, 'must be a mailto: or https: contact').default('mailto:admin@plein.localhost'),
      VAPID_PUBLIC_KEY: z.string().regex(BASE64URL_KEY, 'must be the base64url P-256 public key').optional(),
      VAPID_PRIVATE_KEY: z.string().regex(BASE64URL_KEY, 'must be the base64url P-256 private key').optional(),
      NOTIFICATIONS_PUSH_TTL_SECONDS: int(0, 2_419_200, 86_400),
      NOTIFICATIONS_PUSH_CONFIDENTIAL_CONTENT: bool(false),
      NOTIFICATIONS_PUSH_ALLOW_LOOPBACK_HTTP: bool(false),
      NOTIFICATIONS_DIGEST_FREQUENCY: z.enum(['daily', 'weekly']).default('daily'),
      NOTIFICATIONS_DELIVERY_POLL_MS: int(20, 60_000, 500),
      NOTIFICATIONS_DELIVERY_SCHEDULE_MS: int(1_000, 3_600_000, 60_000),
    })
    .superRefine((e, ctx) => {
      if ((e.VAPID_PUBLIC_KEY === undefined) !== (e.VAPID_PRIVATE_KEY === undefined)) {
        ctx.addIssue({ code: 'custom', path: [e.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'], message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together' });
      }
    })
    .transform((e) => ({
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      appUrl: e.NOTIFICATIONS_APP_URL,
      publicUrl: e.NOTIFICATIONS_PUBLIC_URL,
      unsubscribeSecret: e.NOTIFICATIONS_UNSUBSCRIBE_SECRET,
      vapid: { subject: e.VAPID_SUBJECT, ...(e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY } : {}) },
      pushTtlSeconds: e.NOTIFICATIONS_PUSH_TTL_SECONDS,
      pushConfidentialContent: e.NOTIFICATIONS_PUSH_CONFIDENTIAL_CONTENT,
      pushAllowLoopbackHttp: e.NOTIFICATIONS_PUSH_ALLOW_LOOPBACK_HTTP,
      digestFrequency: e.NOTIFICATIONS_DIGEST_FREQUENCY,
      pollMs: e.NOTIFICATIONS_DELIVERY_POLL_MS,
      scheduleMs: e.NOTIFICATIONS_DELIVERY_SCHEDULE_MS,
    }));

export type ChannelsSettings = z.output<ReturnType<typeof channelsSettings>>;
