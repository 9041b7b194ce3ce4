import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DeliveryService, PushSubscriptionService, type CurrentItems } from '@plein/notifications/application';
import { builtInTypeChannels, type PreferencesReader, type RecipientPreferences } from '@plein/notifications/domain';
import {
  addressBookProcessor,
  ClaimsOnceGuard,
  DeliveryCheckpoints,
  DeliveryCollections,
  DeliveryRunner,
  generateVapidKeys,
  InboxDigestSource,
  MongoDeferredDeliveries,
  MongoInbox,
  MongoMailDirectory,
  MongoMailOptOuts,
  MongoPushSubscriptions,
  NotificationsInfrastructure,
  SmtpMailer,
  toNotification,
  WebPushSender,
  type VapidKeys,
} from '@plein/notifications/infrastructure';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { MessagingLogger } from '@plein/shared/messaging';
import type { JsonLogger } from '@plein/shared/observability';
import { consumersNotRunning, KAFKA, LOGGER, MONGODB_CONNECTION, type ServiceProcessor } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ChannelsRuntime } from './channels.runtime';
import { PushController } from './http/push.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import type { NotificationsConfig } from './notifications.config';

/** How the channels read preferences (the preferences part's reader; tests may pass their own). */
export const PREFERENCES_READER = 'plein:notifications:preferences-reader';
export const CHANNELS_CLOCK = 'plein:notifications:channels-clock';

/** The built-in defaults for everyone (in-app, push and the digest on; immediate mail off; UTC; no quiet hours). */
export const defaultPreferences: PreferencesReader = {
  forRecipient: async (userId): Promise<RecipientPreferences> => ({ userId, timeZone: 'UTC', channels: builtInTypeChannels(), quietHours: null, mutedPosts: [], mutedGroups: [], groupPosts: {} }),
};

const messagingLogger = (logger: JsonLogger, name: string): MessagingLogger => {
  const log = logger.child(name);
  return { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) };
};

/**
 * The delivery channels (docs/notifications/delivery.md): web push subscriptions and the one-click
 * unsubscribe routes, the DeliveryService with its adapters, and the processors that run it (the
 * delivery runner over the inbox's write order, the address book of identity's user events).
 */
@Module({})
export class ChannelsModule {
  static forRoot(config: NotificationsConfig, options: { preferences?: PreferencesReader; clock?: Clock } = {}): DynamicModule {
    const settings = config.channels;
    return {
      module: ChannelsModule,
      controllers: [PushController, UnsubscribeController],
      providers: [
        {
          provide: PREFERENCES_READER,
          // The preferences part's reader (NotificationsInfrastructure.preferences), looked up when first needed; the built-in defaults while there is none.
          useFactory: (moduleRef: ModuleRef): PreferencesReader =>
            options.preferences ?? {
              forRecipient: (userId) => {
                const infrastructure = moduleRef.get(NotificationsInfrastructure, { strict: false }) as unknown as { preferences?: PreferencesReader };
                return (infrastructure.preferences ?? defaultPreferences).forRecipient(userId);
              },
            },
          inject: [ModuleRef],
        },
        { provide: CHANNELS_CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: ChannelsRuntime,
          useFactory: async (connection: Connection, preferences: PreferencesReader, clock: Clock, logger: JsonLogger) => {
            await connection.asPromise();
            const db = connection.db!;
            const namespace = config.service.name;
            const collections = new DeliveryCollections(db, namespace);
            let vapid: VapidKeys;
            if (settings.vapid.publicKey && settings.vapid.privateKey) {
              vapid = { subject: settings.vapid.subject, publicKey: settings.vapid.publicKey, privateKey: settings.vapid.privateKey };
            } else {
              vapid = { subject: settings.vapid.subject, ...generateVapidKeys() };
              logger.child('Channels').warn('VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY not set: generated a key pair for this run (subscriptions end with it; set both in production)');
            }
            const mailer = new SmtpMailer({ url: settings.smtpUrl, from: settings.mailFrom });
            const inbox = new MongoInbox(db, { namespace, clock });
            const delivery = ChannelsModule.delivery(collections, vapid, mailer, preferences, inbox, clock, config, messagingLogger(logger, 'Delivery'));
            const digests = new InboxDigestSource(inbox.items, toNotification);
            const runner = new DeliveryRunner({
              feed: inbox,
              delivery,
              checkpoints: new DeliveryCheckpoints(collections),
              digests,
              pollMs: settings.pollMs,
              scheduleEveryMs: settings.scheduleMs,
              logger: messagingLogger(logger, 'DeliveryRunner'),
            });
            return new ChannelsRuntime(collections, vapid, mailer, delivery, runner, digests);
          },
          inject: [MONGODB_CONNECTION, PREFERENCES_READER, CHANNELS_CLOCK, LOGGER],
        },
        { provide: DeliveryService, useFactory: (runtime: ChannelsRuntime) => runtime.delivery, inject: [ChannelsRuntime] },
        {
          provide: PushSubscriptionService,
          useFactory: (runtime: ChannelsRuntime, clock: Clock) => new PushSubscriptionService(new MongoPushSubscriptions(runtime.collections), clock, { allowLoopbackHttp: settings.pushAllowLoopbackHttp }),
          inject: [ChannelsRuntime, CHANNELS_CLOCK],
        },
      ],
      exports: [ChannelsRuntime, DeliveryService, PushSubscriptionService],
    };
  }

  private static delivery(collections: DeliveryCollections, vapid: VapidKeys, mailer: SmtpMailer, preferences: PreferencesReader, inbox: CurrentItems, clock: Clock, config: NotificationsConfig, log: MessagingLogger): DeliveryService {
    const settings = config.channels;
    return new DeliveryService({
      preferences,
      subscriptions: new MongoPushSubscriptions(collections),
      push: new WebPushSender({ vapid }),
      mailer,
      once: new ClaimsOnceGuard(collections, clock),
      directory: new MongoMailDirectory(collections),
      optOuts: new MongoMailOptOuts(collections, clock),
      deferred: new MongoDeferredDeliveries(collections),
      inbox,
      clock,
      settings: {
        appUrl: settings.appUrl,
        publicUrl: settings.publicUrl,
        unsubscribeSecret: settings.unsubscribeSecret,
        push: { confidentialContent: settings.pushConfidentialContent, ttlSeconds: settings.pushTtlSeconds },
        maxDevices: 20,
        digestFrequency: settings.digestFrequency,
      },
      onPushFailure: (endpoint, error) => log.warn('push dropped after retries', { origin: new URL(endpoint).origin, reason: String(error) }),
    });
  }
}

/** The channels' processors for bootstrapService: the address book consumer and the delivery runner. */
export function channelsProcessors(app: INestApplication, config: NotificationsConfig): ServiceProcessor[] {
  const runtime = app.get(ChannelsRuntime);
  const logger = app.get<JsonLogger>(LOGGER);
  let addresses: ReturnType<typeof addressBookProcessor> | null = null;
  return [
    {
      name: 'delivery-addresses',
      start: async () => {
        await runtime.collections.ensure();
        addresses ??= addressBookProcessor({ kafka: app.get<Kafka>(KAFKA), service: config.service.name, topicPrefix: config.kafka.topicPrefix, collections: runtime.collections, logger: messagingLogger(logger, 'DeliveryAddresses') });
        await addresses.start();
      },
      stop: async () => addresses?.stop(),
      notReadyReason: consumersNotRunning(() => (addresses ? [addresses] : [])),
    },
    {
      name: 'delivery',
      start: async () => {
        await runtime.collections.ensure();
        await runtime.runner.start();
      },
      stop: async () => {
        await runtime.runner.stop();
        runtime.mailer.close();
      },
    },
  ];
}
