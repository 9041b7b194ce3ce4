import type { DeliveryService, DigestSource } from '@plein/notifications/application';
import type { DeliveryCollections, DeliveryRunner, SmtpMailer, VapidKeys } from '@plein/notifications/infrastructure';

/** What the channels part runs: its collections, VAPID keys and the mailer (closed on stop). */
export class ChannelsRuntime {
  constructor(
    readonly collections: DeliveryCollections,
    readonly vapid: VapidKeys,
    readonly mailer: SmtpMailer,
    readonly delivery: DeliveryService,
    readonly runner: DeliveryRunner,
    readonly digests: DigestSource,
  ) {}
}
