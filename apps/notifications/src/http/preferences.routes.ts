import { CHANNELS, NOTIFICATION_TYPES } from '@plein/notifications/domain';
import { api, route } from '@plein/shared/platform';
import { z } from 'zod';

/** Preferences routes (docs/notifications/inbox.md, "Preferences"): each person's own; the organisation defaults for administrators. */
const { uuid } = api;
const IDEMPOTENCY_KEY = [{ name: 'Idempotency-Key', description: 'Repeat the request safely (1-200 visible ASCII characters).', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } }];
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const channelRow = z.object(Object.fromEntries(CHANNELS.map((c) => [c, z.boolean().optional()])) as Record<(typeof CHANNELS)[number], z.ZodOptional<z.ZodBoolean>>).strict();
export const channelsSchema = z.partialRecord(z.enum(NOTIFICATION_TYPES), channelRow).describe('Per notification type, channels switched on (true) or off (false); left out: the defaults');
const groupSetting = z.enum(['all', 'highlights', 'none']);
export const choicesSchema = z
  .object({
    channels: channelsSchema.default({}),
    quietHours: z.object({ start: z.string().regex(HH_MM), end: z.string().regex(HH_MM) }).nullable().default(null).describe('Local times HH:MM in timeZone; push waits until end (urgent announcements excepted)'),
    timeZone: z.string().min(1).max(64).regex(/^[A-Za-z0-9_+/-]+$/).default('UTC').describe('IANA time zone, e.g. Europe/Amsterdam'),
    mutedPosts: z.array(uuid()).max(500).default([]),
    mutedGroups: z.array(uuid()).max(500).default([]),
    groupPosts: z.record(z.uuid(), groupSetting).default({}).describe('Per group id: new posts all, highlights (announcements only; the default) or none'),
  })
  .strict();
const effective = z.object({
  channels: z.record(z.string(), z.record(z.string(), z.boolean())),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  timeZone: z.string(),
  mutedPosts: z.array(z.string()),
  mutedGroups: z.array(z.string()),
  groupPosts: z.record(z.string(), z.string()),
});
const answer = z.object({ choices: choicesSchema, effective });

export const GET_PREFERENCES = route({
  method: 'get',
  path: '/v1/notifications/preferences',
  summary: 'Your notification preferences: your own choices and the effective table over the organisation defaults.',
  tags: ['preferences'],
  response: { schema: answer },
});

export const PUT_PREFERENCES = route({
  method: 'put',
  path: '/v1/notifications/preferences',
  summary: 'Replaces your notification preferences (the same values again change nothing).',
  tags: ['preferences'],
  headers: IDEMPOTENCY_KEY,
  body: choicesSchema,
  response: { schema: answer },
});

const muteParams = { post: z.object({ postId: uuid() }), group: z.object({ groupId: uuid() }) };
export const MUTE_POST = route({ method: 'put', path: '/v1/notifications/mutes/posts/{postId}', summary: 'Mutes a post: nothing more about it (idempotent).', tags: ['preferences'], params: muteParams.post, headers: IDEMPOTENCY_KEY, response: { schema: answer } });
export const UNMUTE_POST = route({ method: 'delete', path: '/v1/notifications/mutes/posts/{postId}', summary: 'Unmutes a post (idempotent).', tags: ['preferences'], params: muteParams.post, headers: IDEMPOTENCY_KEY, response: { schema: answer } });
export const MUTE_GROUP = route({ method: 'put', path: '/v1/notifications/mutes/groups/{groupId}', summary: 'Mutes a group: nothing more about its content (idempotent).', tags: ['preferences'], params: muteParams.group, headers: IDEMPOTENCY_KEY, response: { schema: answer } });
export const UNMUTE_GROUP = route({ method: 'delete', path: '/v1/notifications/mutes/groups/{groupId}', summary: 'Unmutes a group (idempotent).', tags: ['preferences'], params: muteParams.group, headers: IDEMPOTENCY_KEY, response: { schema: answer } });

export const GROUP_POSTS = route({
  method: 'put',
  path: '/v1/notifications/groups/{groupId}/posts',
  summary: "How you hear about a group's new posts: all, highlights (announcements; the default) or none.",
  tags: ['preferences'],
  params: muteParams.group,
  headers: IDEMPOTENCY_KEY,
  body: z.object({ setting: groupSetting }).strict(),
  response: { schema: answer },
});

export const GET_DEFAULTS = route({
  method: 'get',
  path: '/v1/notifications/preferences/defaults',
  summary: 'The organisation defaults per type and channel (over the built-in ones).',
  tags: ['preferences'],
  response: { schema: z.object({ channels: channelsSchema }) },
});

export const PUT_DEFAULTS = route({
  method: 'put',
  path: '/v1/notifications/preferences/defaults',
  summary: 'Replaces the organisation defaults (administrators only).',
  tags: ['preferences'],
  headers: IDEMPOTENCY_KEY,
  body: z.object({ channels: channelsSchema }).strict(),
  response: { schema: z.object({ channels: channelsSchema }) },
  errors: [403],
});
