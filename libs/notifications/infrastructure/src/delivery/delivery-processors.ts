import { identityContracts, identityUpcasters, identityUserTopic, type UserAttributesChangedV1, type UserProvisionedV1 } from '@plein/identity/contracts';
import type { DeliveryService, DigestSource, NotificationFeed } from '@plein/notifications/application';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import type { ServiceProcessor } from '@plein/shared/platform';
import { applyInSequence } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { AddressDocument, DeliveryCheckpoints, DeliveryCollections } from './mongo-delivery';

export const ADDRESS_BOOK_VERSION = 1;

/**
 * The address book: each person's work e-mail from identity's user events (consumer group
 * `<service>.delivery-addresses.v1`), applied in aggregate sequence so a redelivery changes nothing;
 * a deleted person's address is erased.
 */
export function addressBookProcessor(options: { kafka: Kafka; service: string; topicPrefix?: string; collections: DeliveryCollections; logger?: MessagingLogger }): EventProcessor {
  const apply = (e: EventEnvelope, update: Parameters<typeof applyInSequence<AddressDocument>>[3]) => applyInSequence<AddressDocument>(options.collections.addresses, e.aggregateId, e.sequence, update);
  return new EventProcessor({
    kafka: options.kafka,
    service: options.service,
    processor: `delivery-addresses.v${ADDRESS_BOOK_VERSION}`,
    topics: [prefixedTopicName(options.topicPrefix ?? '', identityUserTopic.name)],
    handlers: {
      'identity.user.provisioned': async (e) => void (await apply(e, { $set: { email: (e.data as UserProvisionedV1).email ?? null } })),
      'identity.user.attributes-changed': async (e) => {
        const changes = (e.data as UserAttributesChangedV1).changes as { email?: string | null } | undefined;
        await apply(e, changes && 'email' in changes ? { $set: { email: changes.email ?? null } } : {});
      },
      'identity.user.deleted': async (e) => void (await apply(e, { $set: { email: null } })),
    },
    defaultHandler: async (e) => void (await apply(e, {})),
    registry: new ContractRegistry(identityContracts, identityUpcasters),
    fromBeginning: true,
    retry: { attempts: 10, initialBackoffMs: 200, maxBackoffMs: 5_000 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

export interface DeliveryRunnerOptions {
  readonly name?: string;
  readonly feed: NotificationFeed;
  readonly delivery: DeliveryService;
  readonly checkpoints: DeliveryCheckpoints;
  readonly digests?: DigestSource;
  /** Pause when there is nothing new. Default 500 ms. */
  readonly pollMs?: number;
  /** How often deferred pushes are looked at. Default 60 s. */
  readonly scheduleEveryMs?: number;
  /** How often due digests are looked for (each pass reads everyone with recent items). Default 15 min. */
  readonly digestEveryMs?: number;
  readonly batch?: number;
  readonly logger?: MessagingLogger;
}

/**
 * Pulls new inbox items in write order (NotificationFeed) and delivers them; keeps its checkpoint
 * in MongoDB, moved past an item once it was delivered (or the delivery failed for good). Every
 * replica runs one: they read the same items, and the side-effect claims let each push or mail
 * go out once. A failing item (SMTP down) is retried on the next poll without moving past it.
 */
export class DeliveryRunner implements ServiceProcessor {
  readonly name: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastError: string | undefined;

  constructor(private readonly options: DeliveryRunnerOptions) {
    this.name = options.name ?? 'delivery';
  }

  async start(): Promise<void> {
    if (this.running) return;
    // A first start begins at the inbox's head: items written before delivery existed are not sent out late.
    // (An inbox that was never written to may have no head to read yet: then it starts at 0.)
    if ((await this.options.checkpoints.get(this.name)) === null) await this.options.checkpoints.advance(this.name, await this.options.feed.head().catch(() => 0));
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** The last pass's failure (kept off GET /ready: a mail relay outage must not take the HTTP API out of service). */
  lastFailure(): string | undefined {
    return this.lastError;
  }

  /** One pass: delivers what came after the checkpoint (up to one batch); answers how many items it handled. */
  async runOnce(): Promise<number> {
    const from = (await this.options.checkpoints.get(this.name)) ?? 0;
    const items = await this.options.feed.readAfter(from, this.options.batch ?? 100);
    for (const item of items) {
      await this.options.delivery.deliver(item);
      await this.options.checkpoints.advance(this.name, item.seq);
    }
    return items.length;
  }

  /** Sends due deferred pushes, and the digests due when `withDigests`. */
  async runSchedule(withDigests = true): Promise<void> {
    while ((await this.options.delivery.sendDeferred(100)) === 100);
    if (withDigests && this.options.digests) await this.options.delivery.sendDigests(this.options.digests);
  }

  private async run(): Promise<void> {
    let nextSchedule = 0;
    let nextDigests = 0;
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.runOnce();
        if (Date.now() >= nextSchedule) {
          const withDigests = Date.now() >= nextDigests;
          await this.runSchedule(withDigests);
          nextSchedule = Date.now() + (this.options.scheduleEveryMs ?? 60_000);
          if (withDigests) nextDigests = Date.now() + (this.options.digestEveryMs ?? 15 * 60_000);
        }
        this.lastError = undefined;
      } catch (error) {
        this.lastError = `delivery failed: ${String(error)}`;
        this.options.logger?.warn('delivery pass failed; retrying', { reason: String(error) });
      }
      if (handled === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs ?? 500);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
