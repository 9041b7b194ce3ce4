import {
  composeDigest,
  deliverAt,
  deliveryKey,
  dueDigest,
  mailLanguageOf,
  pushMessageOf,
  renderDigestMail,
  renderImmediateMail,
  signUnsubscribeToken,
  trimSlashes,
  verifyUnsubscribeToken,
  wants,
  type DigestFrequency,
  type Notification,
  type PreferencesReader,
  type PushPolicy,
  type RenderedMail,
  type UnsubscribeScope,
} from '@plein/notifications/domain';
import { ValidationError, type Clock } from '@plein/shared/kernel';
import type { DeferredDeliveries, MailDirectory, Mailer, MailOptOuts, OnceGuard, PushSender, PushSubscriptionStore } from './delivery.ports';

export interface DeliverySettings {
  /** Absolute base URL of the web app (links in mail). */
  readonly appUrl: string;
  /** Absolute base URL under which this service's public routes are reached (the unsubscribe links). */
  readonly publicUrl: string;
  /** HMAC secret of the unsubscribe tokens. */
  readonly unsubscribeSecret: string;
  readonly push: PushPolicy;
  /** Most devices a push goes to per person. */
  readonly maxDevices: number;
  readonly digestFrequency: DigestFrequency;
}

export interface DeliveryDeps {
  readonly preferences: PreferencesReader;
  readonly subscriptions: PushSubscriptionStore;
  readonly push: PushSender;
  readonly mailer: Mailer;
  readonly once: OnceGuard;
  readonly directory: MailDirectory;
  readonly optOuts: MailOptOuts;
  readonly deferred: DeferredDeliveries;
  /** The inbox as it is now: a push quiet hours held back goes out only if its item is still there and visible. */
  readonly inbox: CurrentItems;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  readonly onPushFailure?: (endpoint: string, error: unknown) => void;
}

/** Reads one inbox item as it is now. */
export interface CurrentItems {
  /** The person's item, or null when it is gone or moderation hid (or deletion removed) its content for them. */
  get(recipientId: string, id: string): Promise<Notification | null>;
}

/** What happened to an item on each channel. */
export interface DeliveryReport {
  push: 'sent' | 'already-sent' | 'deferred' | 'not-wanted' | 'no-device';
  email: 'sent' | 'already-sent' | 'not-wanted' | 'no-address';
}

const ACKNOWLEDGEMENT_TYPES = new Set(['acknowledgement-reminder', 'acknowledgement-escalation']);
/** How far back a digest looks for acknowledgements still pending. */
const PENDING_WINDOW_MS = 30 * 86_400_000;
/** Most inbox items one digest reads. */
export const DIGEST_READ_LIMIT = 200;

/** Inbox items for digests. */
export interface DigestSource {
  /** The person's items created at or after `from`, newest first, at most `limit`. */
  itemsSince(userId: string, from: Date, limit: number): Promise<Notification[]>;
  /** People with items created at or after `from`, in chunks. */
  recipientsSince(from: Date, chunk: number): AsyncIterable<string[]>;
}

/**
 * Sends inbox items out on web push and e-mail, each at most once per (source event, recipient,
 * channel; per device for push): the effects run under side-effect claims, so redeliveries,
 * restarts and a second replica find them done. Preferences decide the channels, quiet hours
 * defer pushes (urgent announcements pass), one-click unsubscribes stop mail.
 */
export class DeliveryService {
  constructor(private readonly deps: DeliveryDeps) {}

  async deliver(item: Notification): Promise<DeliveryReport> {
    const report: DeliveryReport = { push: 'not-wanted', email: 'not-wanted' };
    // Moderation hid (or deleted) the content from this person: nothing goes out about it.
    if (item.hidden) return report;
    const preferences = await this.deps.preferences.forRecipient(item.recipientId);
    if (wants(preferences, item, 'push')) {
      const at = deliverAt({ channel: 'push', item, preferences }, this.deps.clock);
      if (at.getTime() > this.deps.clock.now().getTime()) {
        const key = deliveryKey(item.sourceEventId, item.recipientId, 'push');
        await this.deps.deferred.defer({ key, channel: 'push', dueAt: at, itemId: item.id, recipientId: item.recipientId, item });
        report.push = 'deferred';
      } else {
        report.push = await this.sendPush(item, mailLanguageOf(preferences.locale));
      }
    }
    if (wants(preferences, item, 'email-immediate') && !(await this.deps.optOuts.isOptedOut(item.recipientId, 'email-immediate', item.type))) {
      report.email = await this.sendImmediateMail(item, preferences.locale);
    }
    return report;
  }

  /** Sends the pushes quiet hours held back that are due now; returns how many items it handled. */
  async sendDeferred(limit = 100): Promise<number> {
    const due = await this.deps.deferred.due(this.deps.clock.now(), limit);
    for (const entry of due) {
      const held = entry.item as Notification;
      // The content may have been hidden or deleted while the push waited: the inbox says what is still there.
      const item = await this.deps.inbox.get(held.recipientId, held.id);
      if (item) {
        const preferences = await this.deps.preferences.forRecipient(item.recipientId);
        if (wants(preferences, item, 'push')) await this.sendPush(item, mailLanguageOf(preferences.locale));
      }
      await this.deps.deferred.done(entry.key);
    }
    return due.length;
  }

  private async sendPush(item: Notification, language: 'en' | 'nl'): Promise<DeliveryReport['push']> {
    const devices = await this.deps.subscriptions.listFor(item.recipientId, this.deps.settings.maxDevices);
    if (devices.length === 0) return 'no-device';
    const message = pushMessageOf(item, language, this.deps.settings.push);
    const key = deliveryKey(item.sourceEventId, item.recipientId, 'push');
    let performed = 0;
    for (const device of devices) {
      try {
        const outcome = await this.deps.once.once(`${key}:${device.id}`, async () => {
          if ((await this.deps.push.send(device, message)) === 'gone') await this.deps.subscriptions.removeEndpoint(device.endpoint);
        });
        if (outcome === 'performed') performed++;
      } catch (error) {
        // Retried with backoff inside the sender; a push is ephemeral, so one that still fails is dropped, not redone.
        this.deps.onPushFailure?.(device.endpoint, error);
      }
    }
    return performed > 0 ? 'sent' : 'already-sent';
  }

  private async sendImmediateMail(item: Notification, locale: string | undefined): Promise<DeliveryReport['email']> {
    const address = await this.deps.directory.addressOf(item.recipientId);
    if (!address) return 'no-address';
    const key = deliveryKey(item.sourceEventId, item.recipientId, 'email-immediate');
    const scope: UnsubscribeScope = { userId: item.recipientId, channel: 'email-immediate', type: item.type };
    const links = { appUrl: this.deps.settings.appUrl, unsubscribeUrl: this.unsubscribeUrl(scope) };
    const mail = renderImmediateMail(item, mailLanguageOf(address.locale ?? locale), links);
    const outcome = await this.deps.once.once(key, () => this.deps.mailer.send(this.outgoing(address.email, key, mail, links.unsubscribeUrl)));
    return outcome === 'performed' ? 'sent' : 'already-sent';
  }

  /**
   * Sends the digests due now to everyone with inbox items in the period: at most one per person
   * and period (claimed under the period's key), none when there is nothing to tell.
   */
  async sendDigests(source: DigestSource, chunk = 100): Promise<number> {
    const now = this.deps.clock.now();
    const frequency = this.deps.settings.digestFrequency;
    const span = frequency === 'daily' ? 86_400_000 : 7 * 86_400_000;
    let sent = 0;
    for await (const ids of source.recipientsSince(new Date(now.getTime() - Math.max(span, PENDING_WINDOW_MS)), chunk)) {
      for (const userId of ids) if ((await this.sendDigest(source, userId, now)) === 'sent') sent++;
    }
    return sent;
  }

  async sendDigest(source: DigestSource, userId: string, now: Date): Promise<'sent' | 'already-sent' | 'nothing'> {
    const frequency = this.deps.settings.digestFrequency;
    const preferences = await this.deps.preferences.forRecipient(userId);
    const period = dueDigest(frequency, now, preferences.timeZone);
    if (!period || (await this.deps.optOuts.isOptedOut(userId, 'email-digest'))) return 'nothing';
    const key = deliveryKey(`digest:${period.key}`, userId, 'email-digest');
    if (await this.deps.once.isDone(key)) return 'already-sent';
    const items = (await source.itemsSince(userId, new Date(now.getTime() - PENDING_WINDOW_MS), DIGEST_READ_LIMIT)).filter(
      (item) => !item.hidden && wants(preferences, item, 'email-digest') && (!ACKNOWLEDGEMENT_TYPES.has(item.type) || !item.read),
    );
    const digest = composeDigest(period, items);
    if (!digest) return 'nothing';
    const address = await this.deps.directory.addressOf(userId);
    if (!address) return 'nothing';
    const unsubscribeUrl = this.unsubscribeUrl({ userId, channel: 'email-digest' });
    const mail = renderDigestMail(digest, frequency, mailLanguageOf(address.locale ?? preferences.locale), { appUrl: this.deps.settings.appUrl, unsubscribeUrl });
    const outcome = await this.deps.once.once(key, () => this.deps.mailer.send(this.outgoing(address.email, key, mail, unsubscribeUrl)));
    return outcome === 'performed' ? 'sent' : 'already-sent';
  }

  /**
   * One-click unsubscribe (RFC 8058): a valid token turns its mail channel off (for its type, or the
   * digest); doing it twice changes nothing. A bad token answers a validation problem naming it.
   */
  async unsubscribe(token: string, field = 'query.token'): Promise<UnsubscribeScope> {
    const scope = verifyUnsubscribeToken(token, this.deps.settings.unsubscribeSecret);
    if (!scope) throw new ValidationError('NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID', [{ field, message: 'is not a valid unsubscribe token' }]);
    await this.deps.optOuts.add(scope);
    return scope;
  }

  /** What a token would turn off, or null when it is not valid (no change). */
  unsubscribeScopeOf(token: string): UnsubscribeScope | null {
    return verifyUnsubscribeToken(token, this.deps.settings.unsubscribeSecret);
  }

  unsubscribeUrl(scope: UnsubscribeScope): string {
    return `${trimSlashes(this.deps.settings.publicUrl)}/v1/notifications/mail/unsubscribe?token=${signUnsubscribeToken(scope, this.deps.settings.unsubscribeSecret)}`;
  }

  private outgoing(to: string, key: string, mail: RenderedMail, unsubscribeUrl: string) {
    const host = new URL(this.deps.settings.publicUrl).hostname || 'plein.local';
    return {
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      messageId: `<${Buffer.from(key).toString('base64url')}@${host}>`,
    };
  }
}
