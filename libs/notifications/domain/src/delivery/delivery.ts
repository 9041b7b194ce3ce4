/**
 * What the delivery channels (web push, e-mail) need of an inbox item. A structural subset of the
 * inbox's Notification, so an inbox item is handed over as it is.
 */
export interface DeliveryItem {
  readonly id: string;
  readonly recipientId: string;
  readonly type: string;
  readonly target: { readonly kind: string; readonly id: string; readonly postId?: string; readonly groupId?: string };
  readonly actorCount: number;
  readonly groupKey: string;
  readonly urgency: 'normal' | 'urgent';
  /** Content behind it is not visible to everyone in the organisation: no excerpt outside the app unless allowed. */
  readonly confidential: boolean;
  readonly excerpt?: string;
  readonly dueAt?: string;
  readonly createdAt: string;
  /** The source event that created or last changed the item: with the recipient and channel, the unit of exactly-once. */
  readonly sourceEventId: string;
}

/** The channels this part delivers on (in-app is the inbox itself; the digest has its own schedule). */
export type DeliveryChannel = 'push' | 'email-immediate' | 'email-digest';

/**
 * The exactly-once key of one delivery: a push or mail goes out at most once per (source event,
 * recipient, channel), whatever the redeliveries, restarts and replicas.
 */
export function deliveryKey(sourceEventId: string, recipientId: string, channel: DeliveryChannel): string {
  return `${channel}:${recipientId}:${sourceEventId}`;
}

/** Bounded exponential backoff with full jitter: attempt 1 waits up to base, doubling, never over max; `retryAfterMs` (a server's Retry-After) wins when larger, still capped. */
export function backoffMs(attempt: number, options: { readonly baseMs: number; readonly maxMs: number; readonly retryAfterMs?: number }, random: () => number = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp / 2 + (exp / 2) * random());
  return Math.min(options.maxMs, Math.max(jittered, options.retryAfterMs ?? 0));
}
