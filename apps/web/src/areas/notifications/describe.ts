import { format } from '../../format';
import type { NotificationItem, NotificationType } from './api';

/** What an inbox item says, before names are known: the sentence's key, who acted, how many more, where it leads. */
export interface ItemDescription {
  readonly key: `notif_${NotificationType}`;
  /** The most recent actor; null for what the platform itself sends (reminders, jams, confirmations). */
  readonly actorId: string | null;
  /** Actors beyond the first ("Anna and 3 others"). */
  readonly others: number;
  /** The page the item is about, or null when the client has none for it. */
  readonly href: string | null;
}

const enc = encodeURIComponent;

/** The client's page for an item's target (the post for comments, answers and reactions; the comment as a fragment). */
export function targetHref(item: Pick<NotificationItem, 'target'>): string | null {
  const t = item.target;
  switch (t.kind) {
    case 'post':
      return `/posts/${enc(t.id)}`;
    case 'comment':
      return t.postId ? `/posts/${enc(t.postId)}#comment-${enc(t.id)}` : null;
    case 'group':
      return `/groups/${enc(t.id)}`;
    case 'agenda-item':
      return `/agenda/${enc(t.id)}`;
    case 'idea-jam':
      return `/jams/${enc(t.id)}`;
    case 'moderation-case':
      // The decision is told in the item itself (its statement of reasons); the content, if it was a post, is the place to look.
      return t.postId ? `/posts/${enc(t.postId)}` : null;
    default:
      return null;
  }
}

export function describeItem(item: NotificationItem): ItemDescription {
  const actorId = item.actorIds[0] ?? null;
  return {
    key: `notif_${item.type}`,
    actorId,
    others: actorId === null ? 0 : Math.max(0, item.actorCount - 1),
    href: targetHref(item),
  };
}

/**
 * The sentence of an item in the reader's language: `template` is the type's message (`{actor}` for
 * who acted), `andOthers` the "{actor} and {n} others" message, `someone` what to say while or when
 * the actor's name is not known.
 */
export function sentenceOf(template: string, description: Pick<ItemDescription, 'actorId' | 'others'>, actorName: string | null, andOthers: string, someone: string): string {
  const name = actorName ?? someone;
  const actor = description.others > 0 ? format(andOthers, { actor: name, n: description.others }) : name;
  return format(template, { actor });
}
