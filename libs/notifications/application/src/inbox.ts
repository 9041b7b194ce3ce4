import type { Notification, NotificationTarget, NotificationType, Urgency } from '@plein/notifications/domain';
import { NotFoundError, PleinError, ValidationError } from '@plein/shared/kernel';
import type { NotificationFeed } from './ports';

/** One contribution to a person's inbox, derived from one source event. */
export interface NewNotification {
  readonly recipientId: string;
  readonly type: NotificationType;
  readonly target: NotificationTarget;
  /** Who acted; null for the platform itself (reminders, jams opening). */
  readonly actorId: string | null;
  readonly urgency: Urgency;
  readonly confidential: boolean;
  readonly excerpt?: string;
  readonly dueAt?: string;
  /** The source event's occurredAt. */
  readonly occurredAt: string;
  readonly sourceEventId: string;
}

/** A post (with its comments), or one comment, the inbox has items about. */
export type ContentScope = { readonly kind: 'post'; readonly postId: string } | { readonly kind: 'comment'; readonly postId: string; readonly commentId: string };

/**
 * What moderation or deletion made of a piece of content: `hidden` takes its items out of every
 * read (list, unread count, stream, delivery) for everyone but its author (who still sees it in the
 * feed, with a notice), `visible` brings them back as they were (same order, same read state),
 * `deleted` removes them for good.
 */
export interface ContentStateChange {
  readonly scope: ContentScope;
  readonly state: 'visible' | 'hidden' | 'deleted';
  /** The content's author (keeps seeing items about hidden content); null when not known. */
  readonly authorId: string | null;
  /** The content aggregate's event sequence: an older change than the one applied changes nothing. */
  readonly sequence: number;
}

export interface InboxPage {
  readonly items: readonly Notification[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  readonly nextCursor?: string;
  readonly unread: number;
}

/** The inbox store: idempotent writes per (recipient, source event, type), reads of one person's own items. */
export interface InboxStore extends NotificationFeed {
  /** Adds contributions (in bulk); a contribution seen before changes nothing. Answers how many were new. */
  add(items: readonly NewNotification[]): Promise<number>;
  /** One person's items, newest change first, `limit` after the `beforeSeq` cursor. */
  list(recipientId: string, limit: number, beforeSeq?: number): Promise<Notification[]>;
  unreadCount(recipientId: string): Promise<number>;
  /** Null when the item is not this person's (or gone). */
  get(recipientId: string, id: string): Promise<Notification | null>;
  setRead(recipientId: string, id: string, read: boolean): Promise<Notification | null>;
  /** Marks every item written up to `uptoSeq` read; answers how many changed. */
  markAllRead(recipientId: string, uptoSeq: number): Promise<number>;
  /** One person's items written after `afterSeq`, oldest first (the stream's resume). */
  readRecipientAfter(recipientId: string, afterSeq: number, limit: number): Promise<Notification[]>;
  /**
   * Applies a moderation or deletion to every item about the content at once (one bulk update, also
   * for a 10,000-recipient announcement), and to items written later. Idempotent; ordered by `sequence`.
   */
  setContentState(change: ContentStateChange): Promise<void>;
}

export class NotificationNotFoundError extends NotFoundError {
  constructor() {
    super('NOTIFICATIONS.NOT_FOUND', 'no such notification');
  }
}

/** `seq` of the last item of a page, as an opaque cursor. */
export const encodeCursor = (seq: number): string => Buffer.from(`s${seq}`).toString('base64url');
export function decodeCursor(cursor: string | undefined, field = 'query.cursor'): number | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^s(\d{1,15})$/.exec(text);
  if (!match) throw new ValidationError('NOTIFICATIONS.BAD_CURSOR', [{ field, message: 'not a cursor of this list' }]);
  return Number(match[1]);
}

/** A person's own inbox: every read and change is scoped to the caller; someone else's item answers 404. */
export class InboxService {
  constructor(private readonly store: InboxStore) {}

  async page(recipientId: string, limit: number, cursor?: string): Promise<InboxPage> {
    const before = decodeCursor(cursor);
    const [items, unread] = await Promise.all([this.store.list(recipientId, limit + 1, before), this.store.unreadCount(recipientId)]);
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return { items: page, unread, ...(items.length > limit && last ? { nextCursor: encodeCursor(last.seq) } : {}) };
  }

  async get(recipientId: string, id: string): Promise<Notification> {
    const item = await this.store.get(recipientId, id);
    if (!item) throw new NotificationNotFoundError();
    return item;
  }

  async setRead(recipientId: string, id: string, read: boolean): Promise<{ item: Notification; unread: number }> {
    const item = await this.store.setRead(recipientId, id, read);
    if (!item) throw new NotificationNotFoundError();
    return { item, unread: await this.store.unreadCount(recipientId) };
  }

  /** Everything written until now becomes read; items arriving meanwhile stay unread. Idempotent. */
  async markAllRead(recipientId: string): Promise<{ changed: number; unread: number }> {
    const changed = await this.store.markAllRead(recipientId, await this.store.head());
    return { changed, unread: await this.store.unreadCount(recipientId) };
  }
}

/** The live stream is not running on this replica yet (its first start is retried): 503, try again. */
export class StreamUnavailableError extends PleinError {
  readonly kind = 'unavailable' as const;
  readonly code = 'NOTIFICATIONS.STREAM_UNAVAILABLE';
  constructor() {
    super('the notification stream is starting; try again shortly');
  }
}

/** More open streams for one person than allowed (429). */
export class TooManyStreamsError extends PleinError {
  readonly kind = 'rate-limited' as const;
  readonly code = 'NOTIFICATIONS.TOO_MANY_STREAMS';
  constructor(max: number) {
    super(`at most ${max} open notification streams per person`);
  }
}
