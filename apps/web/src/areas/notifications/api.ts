/**
 * The notifications service's answers, as the client reads them (apps/notifications/src/http/*.routes.ts),
 * and the paths it calls through the gateway (`/api/notifications/...`).
 */
export const NOTIFICATION_TYPES = [
  'mention',
  'comment',
  'reply',
  'reaction',
  'answer',
  'answer-accepted',
  'group-post',
  'announcement',
  'acknowledgement-reminder',
  'acknowledgement-escalation',
  'signup-confirmed',
  'rsvp-confirmed',
  'idea-status-changed',
  'jam-opened',
  'jam-closed',
  'expert-suggested',
  'moderation-outcome',
  'join-requested',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const CHANNELS = ['in-app', 'push', 'email-immediate', 'email-digest'] as const;
export type Channel = (typeof CHANNELS)[number];

export type TargetKind = 'post' | 'comment' | 'group' | 'agenda-item' | 'idea-jam' | 'moderation-case';

export interface NotificationItem {
  readonly id: string;
  readonly type: NotificationType;
  readonly target: { readonly kind: TargetKind; readonly id: string; readonly postId?: string; readonly groupId?: string };
  /** The most recent actors first (at most 5). */
  readonly actorIds: readonly string[];
  readonly actorCount: number;
  readonly groupKey: string;
  readonly urgency: 'normal' | 'urgent';
  readonly confidential: boolean;
  readonly excerpt?: string;
  readonly dueAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly read: boolean;
  /** Write order; the stream's event id. */
  readonly seq: number;
}

export interface InboxPage {
  readonly items: readonly NotificationItem[];
  readonly unread: number;
  readonly nextCursor?: string;
}

export type ChannelChoices = Partial<Record<NotificationType, Partial<Record<Channel, boolean>>>>;

export interface PreferenceChoices {
  readonly channels: ChannelChoices;
  readonly quietHours: { readonly start: string; readonly end: string } | null;
  readonly timeZone: string;
  readonly mutedPosts: readonly string[];
  readonly mutedGroups: readonly string[];
  readonly groupPosts: Readonly<Record<string, 'all' | 'highlights' | 'none'>>;
}

export interface PreferencesAnswer {
  readonly choices: PreferenceChoices;
  readonly effective: {
    readonly channels: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
    readonly quietHours: { readonly start: string; readonly end: string } | null;
    readonly timeZone: string;
    readonly mutedPosts: readonly string[];
    readonly mutedGroups: readonly string[];
  };
}

export interface PushSubscriptionView {
  readonly id: string;
  readonly endpoint: string;
  readonly createdAt: string;
}

const BASE = '/api/notifications/v1/notifications';

export const notificationsPath = {
  inbox: (limit: number, cursor?: string): string => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    return `${BASE}?${q.toString()}`;
  },
  unreadCount: `${BASE}/unread-count`,
  stream: `${BASE}/stream`,
  readAll: `${BASE}/read-all`,
  one: (id: string): string => `${BASE}/${encodeURIComponent(id)}`,
  read: (id: string): string => `${BASE}/${encodeURIComponent(id)}/read`,
  preferences: `${BASE}/preferences`,
  mutePost: (postId: string): string => `${BASE}/mutes/posts/${encodeURIComponent(postId)}`,
  muteGroup: (groupId: string): string => `${BASE}/mutes/groups/${encodeURIComponent(groupId)}`,
  pushKey: `${BASE}/push/public-key`,
  pushSubscriptions: `${BASE}/push/subscriptions`,
  pushSubscription: (id: string): string => `${BASE}/push/subscriptions/${encodeURIComponent(id)}`,
};
