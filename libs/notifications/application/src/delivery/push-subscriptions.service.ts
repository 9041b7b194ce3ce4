import { pushSubscriptionViolations, type PushSubscriptionInput } from '@plein/notifications/domain';
import { NotFoundError, ValidationError, type Clock } from '@plein/shared/kernel';
import { createHash } from 'node:crypto';
import type { PushSubscriptionStore, StoredPushSubscription } from './delivery.ports';

/** Most devices one person keeps subscribed; the oldest go first past it. */
export const MAX_PUSH_DEVICES = 20;

export class PushSubscriptionNotFoundError extends NotFoundError {
  constructor() {
    super('NOTIFICATIONS.PUSH_SUBSCRIPTION_NOT_FOUND', 'no such push subscription');
  }
}

/** The id of a device's subscription: derived from its endpoint, so subscribing again is idempotent. */
export const subscriptionIdOf = (endpoint: string): string => createHash('sha256').update(endpoint).digest('base64url').slice(0, 22);

/** A person subscribes their devices to web push and removes them; each sees only their own. */
export class PushSubscriptionService {
  constructor(
    private readonly store: PushSubscriptionStore,
    private readonly clock: Clock,
    private readonly options: { readonly allowLoopbackHttp?: boolean } = {},
  ) {}

  async subscribe(userId: string, input: PushSubscriptionInput): Promise<StoredPushSubscription> {
    const violations = pushSubscriptionViolations(input, this.options);
    if (violations.length > 0) throw new ValidationError('NOTIFICATIONS.PUSH_SUBSCRIPTION_INVALID', violations.map((v) => ({ field: `body.${v.field}`, message: v.message })));
    const subscription: StoredPushSubscription = { id: subscriptionIdOf(input.endpoint), userId, endpoint: input.endpoint, keys: { p256dh: input.keys.p256dh, auth: input.keys.auth }, createdAt: this.clock.now().toISOString() };
    await this.store.save(subscription);
    const all = await this.store.listFor(userId, MAX_PUSH_DEVICES + 5);
    for (const old of all.slice(0, Math.max(0, all.length - MAX_PUSH_DEVICES))) await this.store.remove(userId, old.id);
    return subscription;
  }

  /** 404 for an id the person does not have (another person's included). */
  async unsubscribe(userId: string, id: string): Promise<void> {
    if (!(await this.store.remove(userId, id))) throw new PushSubscriptionNotFoundError();
  }

  list(userId: string): Promise<StoredPushSubscription[]> {
    return this.store.listFor(userId, MAX_PUSH_DEVICES);
  }
}
