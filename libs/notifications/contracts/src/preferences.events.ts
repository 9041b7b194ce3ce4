import { defineEvent, defineTopic, object, oneOfStrings, setOf, topicName, uuid, type JsonSchema } from '@plein/shared/contracts';

/** The organisation's defaults live on the nil id of the same topic. */
export const ORGANISATION_PREFERENCES_ID = '00000000-0000-0000-0000-000000000000';

export const notificationsPreferencesTopic = defineTopic({
  name: topicName('notifications', 'preferences', 1),
  aggregateType: 'preferences',
  description: "People's notification preferences, and the organisation's defaults (on the nil id).",
  key: { description: 'The person\'s user id, or the nil UUID for the organisation defaults.', example: '01964b1e-0000-7000-8000-000000000101' },
});

export const PREFERENCE_CHANNELS = ['in-app', 'push', 'email-immediate', 'email-digest'] as const;
export const MUTES_MAX = 500;

/** Per notification type, the channels switched on or off (a type or channel left out follows the defaults). */
export type ChannelChoices = Record<string, Partial<Record<(typeof PREFERENCE_CHANNELS)[number], boolean>>>;

export interface PreferencesChangedV1 {
  userId: string;
  channels: ChannelChoices;
  /** Local "HH:MM" in timeZone; null: none. */
  quietHours: { start: string; end: string } | null;
  /** IANA time zone. */
  timeZone: string;
  mutedPosts: string[];
  mutedGroups: string[];
  /** Per group id: all, highlights or none. */
  groupPosts: Record<string, 'all' | 'highlights' | 'none'>;
}

export interface PreferenceDefaultsChangedV1 {
  channels: ChannelChoices;
}

const HH_MM = '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$';
const channelsSchema: JsonSchema = {
  type: 'object',
  maxProperties: 64,
  propertyNames: { type: 'string', pattern: '^[a-z][a-z-]{0,39}$' },
  additionalProperties: object(Object.fromEntries(PREFERENCE_CHANNELS.map((c) => [c, { type: 'boolean' }]))),
};
const USER = '01964b1e-0000-7000-8000-000000000101';

export const preferencesChangedV1 = defineEvent<PreferencesChangedV1>({
  type: 'notifications.preferences.changed',
  version: 1,
  aggregateType: 'preferences',
  topic: notificationsPreferencesTopic,
  description: "A person changed their notification preferences; every field is the full new value.",
  schema: object(
    {
      userId: uuid(),
      channels: channelsSchema,
      quietHours: { oneOf: [{ type: 'null' }, object({ start: { type: 'string', pattern: HH_MM }, end: { type: 'string', pattern: HH_MM } }, ['start', 'end'])] },
      timeZone: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' },
      mutedPosts: setOf(uuid(), MUTES_MAX),
      mutedGroups: setOf(uuid(), MUTES_MAX),
      groupPosts: { type: 'object', maxProperties: MUTES_MAX, propertyNames: { type: 'string', format: 'uuid' }, additionalProperties: oneOfStrings(['all', 'highlights', 'none']) },
    },
    ['userId', 'channels', 'quietHours', 'timeZone', 'mutedPosts', 'mutedGroups', 'groupPosts'],
  ),
  example: {
    userId: USER,
    channels: { reaction: { push: false } },
    quietHours: { start: '22:00', end: '07:00' },
    timeZone: 'Europe/Amsterdam',
    mutedPosts: [],
    mutedGroups: ['01964b1e-0000-7000-8000-000000000421'],
    groupPosts: { '01964b1e-0000-7000-8000-000000000422': 'all' },
  },
});

export const preferenceDefaultsChangedV1 = defineEvent<PreferenceDefaultsChangedV1>({
  type: 'notifications.preferences.defaults-changed',
  version: 1,
  aggregateType: 'preferences',
  topic: notificationsPreferencesTopic,
  description: 'An administrator changed the organisation defaults (per type and channel); people\'s own choices stay above them.',
  schema: object({ channels: channelsSchema }, ['channels']),
  example: { channels: { 'group-post': { 'email-digest': false } } },
});

export const preferencesContracts = [preferencesChangedV1, preferenceDefaultsChangedV1];
