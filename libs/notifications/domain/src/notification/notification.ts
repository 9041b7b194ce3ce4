/**
 * What the notifications service tells a person about, kept in their inbox and handed to the delivery
 * channels. One inbox item per (recipient, group key): a grouped type (reactions) collects its actors
 * and count on one item per target; every other type gets one item per source event.
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

/** Types whose items collect every actor on one target into one item ("Anna and 5 others reacted"). */
export const GROUPED_TYPES: ReadonlySet<NotificationType> = new Set<NotificationType>(['reaction']);

/** The channels a notification can go out on; in-app is the inbox itself. */
export const CHANNELS = ['in-app', 'push', 'email-immediate', 'email-digest'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Urgent items pass quiet hours on push (urgent announcements only). */
export type Urgency = 'normal' | 'urgent';

export type TargetKind = 'post' | 'comment' | 'group' | 'agenda-item' | 'idea-jam' | 'moderation-case';

/** What a notification is about; postId/groupId are set when the target lives in a post or group (mutes use them). */
export interface NotificationTarget {
  readonly kind: TargetKind;
  readonly id: string;
  readonly postId?: string;
  readonly groupId?: string;
}

/** Most actors an item names; `actorCount` counts them all. */
export const ACTORS_KEPT = 5;

/**
 * One item of a person's inbox, as the inbox store keeps it and as the delivery channels read it
 * (NotificationFeed). `seq` grows with every write of any item (a new item, or a grouped item gaining an
 * actor): it is the Server-Sent Events id and the delivery channels' checkpoint.
 */
export interface Notification {
  /** Stable per (recipient, group key): a grouped item keeps its id while it collects actors. */
  readonly id: string;
  readonly recipientId: string;
  readonly type: NotificationType;
  readonly target: NotificationTarget;
  /** The most recent actors first, at most ACTORS_KEPT; empty for system notifications (reminders, jams). */
  readonly actorIds: readonly string[];
  /** How many distinct actors the item stands for (1 unless grouped); for items without actors, how many source events. */
  readonly actorCount: number;
  /** `<type>:<target id>` for grouped types, `<type>:<source event id>` otherwise. */
  readonly groupKey: string;
  readonly urgency: Urgency;
  /**
   * True when the content behind it is not visible to everyone in the organisation (a closed or secret
   * group, followers-only, a moderation case): channels outside the app (e-mail, push) must not carry its
   * excerpt.
   */
  readonly confidential: boolean;
  /** A short plain-text excerpt of the content (post title, comment start, statement of reasons), if any. */
  readonly excerpt?: string;
  /** When due (acknowledgement requests and their reminders). */
  readonly dueAt?: string;
  /** When the item was first created (ISO-8601). */
  readonly createdAt: string;
  /** When it last changed (a new actor on a grouped item); equals createdAt otherwise. */
  readonly updatedAt: string;
  /** The id of the source event that created or last changed it. */
  readonly sourceEventId: string;
  readonly read: boolean;
  readonly seq: number;
  /**
   * Set on items about content moderation hid from this person (or deleted), as the write-order
   * feed (`readAfter`) still carries them so its readers move past them: the channels send nothing
   * for them. The person's own reads (list, unread count, stream) never return such items.
   */
  readonly hidden?: true;
}

/** The group key of a notification: grouped types collect per target, the others are one per source event. */
export function groupKeyOf(type: NotificationType, targetId: string, sourceEventId: string): string {
  return GROUPED_TYPES.has(type) ? `${type}:${targetId}` : `${type}:${sourceEventId}`;
}
