import type { DeliveryChannel, PushMessage, UnsubscribeScope } from '@plein/notifications/domain';

/** A device's stored push subscription. */
export interface StoredPushSubscription {
  /** Derived from the endpoint: subscribing the same device twice keeps one subscription. */
  readonly id: string;
  readonly userId: string;
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
  readonly createdAt: string;
}

export interface PushSubscriptionStore {
  /** Adds or refreshes (same endpoint) a subscription; an endpoint belongs to one person (the last who subscribed it). */
  save(subscription: StoredPushSubscription): Promise<void>;
  /** Removes one of the person's subscriptions; false when they have none with that id. */
  remove(userId: string, id: string): Promise<boolean>;
  /** The person's devices, oldest first, at most `limit`. */
  listFor(userId: string, limit: number): Promise<StoredPushSubscription[]>;
  /** Forgets an endpoint the push service reported gone (404/410). */
  removeEndpoint(endpoint: string): Promise<void>;
}

/** `gone`: the push service no longer knows the subscription (404/410); retriable failures (429, 5xx) are retried inside the sender and then thrown. */
export type PushResult = 'sent' | 'gone';

export interface PushSender {
  send(subscription: StoredPushSubscription, message: PushMessage): Promise<PushResult>;
}

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  readonly headers: Readonly<Record<string, string>>;
  /** A stable Message-ID for the delivery, so a relay or reader can spot a resend. */
  readonly messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Runs an external effect at most once per key (side-effect claims), across redeliveries, restarts and replicas. */
export interface OnceGuard {
  once(key: string, effect: () => Promise<void>): Promise<'performed' | 'already-done'>;
  /** True when the effect of `key` was performed (a cheap check before preparing it). */
  isDone(key: string): Promise<boolean>;
}

/** Where to mail a person (from the directory); null when they have no address or are gone. */
export interface MailDirectory {
  addressOf(userId: string): Promise<{ readonly email: string; readonly locale?: string } | null>;
}

/** What one-click unsubscribe turned off; checked before each mail. */
export interface MailOptOuts {
  add(scope: UnsubscribeScope): Promise<void>;
  isOptedOut(userId: string, channel: 'email-immediate' | 'email-digest', type?: string): Promise<boolean>;
}

/** Pushes held back by quiet hours, sent when due. */
export interface DeferredDeliveries {
  defer(entry: { readonly key: string; readonly channel: DeliveryChannel; readonly dueAt: Date; readonly itemId: string; readonly recipientId: string; readonly item: unknown }): Promise<void>;
  /** Entries due at `now`, oldest first, at most `limit`. */
  due(now: Date, limit: number): Promise<{ readonly key: string; readonly item: unknown }[]>;
  done(key: string): Promise<void>;
}
