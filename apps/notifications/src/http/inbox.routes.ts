import { api, route } from '@plein/shared/platform';
import { CHANNELS, NOTIFICATION_TYPES } from '@plein/notifications/domain';
import { z } from 'zod';

/**
 * The inbox routes (docs/notifications/inbox.md): a person's own notifications only; someone
 * else's item answers 404 as a missing one.
 */
const { uuid } = api;
void CHANNELS;

const target = z.object({
  kind: z.enum(['post', 'comment', 'group', 'agenda-item', 'idea-jam', 'moderation-case']),
  id: z.string(),
  postId: z.string().optional(),
  groupId: z.string().optional(),
});
export const notificationSchema = z.object({
  id: z.string(),
  type: z.enum(NOTIFICATION_TYPES),
  target,
  actorIds: z.array(z.string()).describe('The most recent actors first (at most 5)'),
  actorCount: z.number().int().describe('Distinct actors ("Anna and 5 others": actorCount 6)'),
  groupKey: z.string(),
  urgency: z.enum(['normal', 'urgent']),
  confidential: z.boolean(),
  excerpt: z.string().optional(),
  dueAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  read: z.boolean(),
  seq: z.number().int().describe('Write order; the stream\'s event id'),
});
const idParams = z.object({ notificationId: uuid() });

export const LIST = route({
  method: 'get',
  path: '/v1/notifications',
  summary: 'Your notifications, most recently changed first (grouped by type and target), with the unread count.',
  tags: ['inbox'],
  query: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(100).optional().describe('nextCursor of the previous page'),
  }),
  response: { schema: z.object({ items: z.array(notificationSchema), unread: z.number().int(), nextCursor: z.string().optional() }) },
});

export const UNREAD = route({
  method: 'get',
  path: '/v1/notifications/unread-count',
  summary: 'How many of your notifications are unread.',
  tags: ['inbox'],
  response: { schema: z.object({ unread: z.number().int() }) },
});

export const READ_ALL = route({
  method: 'post',
  path: '/v1/notifications/read-all',
  summary: 'Marks every notification you have now as read (idempotent; ones arriving meanwhile stay unread).',
  tags: ['inbox'],
  response: { schema: z.object({ changed: z.number().int(), unread: z.number().int() }) },
});

export const STREAM = route({
  method: 'get',
  path: '/v1/notifications/stream',
  summary: 'Server-Sent Events: your new and changed notifications with the unread count, live.',
  description:
    'Each `notification` event has the item\'s seq as its id; reconnect with `Last-Event-ID` to get everything after it, with no gap and no duplicate. A fresh stream starts with an `unread` event. Comment lines are heartbeats. At most NOTIFICATIONS_STREAM_MAX_PER_PERSON open streams per person (429 beyond). Browsers\' EventSource cannot send an Authorization header: the gateway will carry the token from a cookie.',
  tags: ['inbox'],
  headers: [{ name: 'Last-Event-ID', description: 'The id of the last event received: resume after it.', schema: { type: 'string', pattern: '^[0-9]{1,15}$' } }],
  response: { contentType: 'text/event-stream', schema: { type: 'string' } },
  errors: [429],
});

export const GET_ONE = route({
  method: 'get',
  path: '/v1/notifications/{notificationId}',
  summary: 'One of your notifications.',
  tags: ['inbox'],
  params: idParams,
  response: { schema: notificationSchema },
  errors: [404],
});

export const MARK_READ = route({
  method: 'put',
  path: '/v1/notifications/{notificationId}/read',
  summary: 'Marks one of your notifications read (idempotent).',
  tags: ['inbox'],
  params: idParams,
  response: { schema: z.object({ item: notificationSchema, unread: z.number().int() }) },
  errors: [404],
});

export const MARK_UNREAD = route({
  method: 'delete',
  path: '/v1/notifications/{notificationId}/read',
  summary: 'Marks one of your notifications unread again (idempotent).',
  tags: ['inbox'],
  params: idParams,
  response: { schema: z.object({ item: notificationSchema, unread: z.number().int() }) },
  errors: [404],
});
