import { route } from '@plein/shared/platform';
import { z } from 'zod';

const subscriptionSchema = z.object({ id: z.string(), endpoint: z.string(), createdAt: z.string() });

export const PUSH_PUBLIC_KEY = route({
  method: 'get',
  path: '/v1/notifications/push/public-key',
  summary: 'The VAPID public key browsers subscribe with (applicationServerKey).',
  tags: ['push'],
  response: { schema: z.object({ publicKey: z.string() }) },
});

export const SUBSCRIBE_PUSH = route({
  method: 'post',
  path: '/v1/notifications/push/subscriptions',
  summary: 'Subscribe this device to web push (the browser\'s PushSubscription.toJSON()).',
  description: 'The endpoint must be https; `keys.p256dh` is the uncompressed P-256 key and `keys.auth` the 16-byte secret, both base64url. Subscribing the same endpoint again is idempotent.',
  tags: ['push'],
  body: z
    .object({
      endpoint: z.string().min(1).max(2048),
      keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }).strict(),
      expirationTime: z.number().nullable().optional(),
    })
    .strict(),
  status: 201,
  response: { schema: subscriptionSchema },
});

export const LIST_PUSH = route({
  method: 'get',
  path: '/v1/notifications/push/subscriptions',
  summary: 'Your subscribed devices (at most 20, oldest first).',
  tags: ['push'],
  response: { schema: z.object({ items: z.array(subscriptionSchema) }) },
});

export const UNSUBSCRIBE_PUSH = route({
  method: 'delete',
  path: '/v1/notifications/push/subscriptions/{subscriptionId}',
  summary: 'Remove one of your devices from web push.',
  tags: ['push'],
  params: z.object({ subscriptionId: z.string().regex(/^[\w-]{22}$/, 'must be a subscription id') }),
  status: 204,
  errors: [404],
});
