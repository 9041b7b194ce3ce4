import { Module, type DynamicModule } from '@nestjs/common';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { InboxService, PreferencesService } from '@plein/notifications/application';
import { InboxStreamHub, NotificationsInfrastructure } from '@plein/notifications/infrastructure';
import { PlatformAuthModule } from '@plein/shared/auth';
import { ContractRegistry } from '@plein/shared/contracts';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ChannelsModule } from './channels.module';
import { AboutController } from './http/about.controller';
import { InboxController, STREAM_SETTINGS, type StreamSettings } from './http/inbox.controller';
import { PreferencesController } from './http/preferences.controller';
import type { NotificationsConfig } from './notifications.config';

export const NOTIFICATIONS_CONFIG = 'plein:notifications:config';

export interface AppModuleOptions {
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
}

/**
 * Root of the notifications service's own code: platform authentication, the infrastructure
 * (event store, relay, projections, inbox, sources; bootstrapNotifications hands its processors to
 * bootstrapService) and the inbox routes. Platform concerns (logger, dependency clients, /health,
 * /ready, /openapi.json, problem+json) come from PlatformModule, which bootstrapService adds around
 * this module. Other parts add their module to `imports`, one line each.
 */
@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformAuthModule.forRoot({ config: config.auth, contracts: new ContractRegistry(identityContracts, identityUpcasters), ...(options.authKeys ? { keys: options.authKeys } : {}) }),
        ChannelsModule.forRoot(config),
      ],
      // Preferences before the inbox: /v1/notifications/preferences must win over /v1/notifications/{notificationId}.
      controllers: [AboutController, PreferencesController, InboxController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: STREAM_SETTINGS, useValue: { heartbeatMs: config.inbox.heartbeatMs } satisfies StreamSettings },
        {
          provide: NotificationsInfrastructure,
          useFactory: (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            const log = logger.child('NotificationsInfrastructure');
            return new NotificationsInfrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              inbox: { retentionDays: config.inbox.retentionDays, capPerPerson: config.inbox.capPerPerson, purgeIntervalMs: config.inbox.purgeIntervalMs },
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
        { provide: InboxService, useFactory: (infra: NotificationsInfrastructure) => infra.inboxService, inject: [NotificationsInfrastructure] },
        { provide: PreferencesService, useFactory: (infra: NotificationsInfrastructure) => infra.preferences, inject: [NotificationsInfrastructure] },
        {
          provide: InboxStreamHub,
          useFactory: (infra: NotificationsInfrastructure, logger: JsonLogger) => {
            const log = logger.child('InboxStream');
            return new InboxStreamHub(infra.inbox, {
              pollMs: config.inbox.streamPollMs,
              maxPerPerson: config.inbox.maxStreamsPerPerson,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
          },
          inject: [NotificationsInfrastructure, LOGGER],
        },
      ],
      exports: [NOTIFICATIONS_CONFIG, NotificationsInfrastructure, InboxService, PreferencesService, InboxStreamHub],
    };
  }
}
