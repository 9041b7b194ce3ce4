import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsInfrastructure } from '@plein/notifications/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { AboutController } from './http/about.controller';
import type { NotificationsConfig } from './notifications.config';

export const NOTIFICATIONS_CONFIG = 'plein:notifications:config';

/**
 * Root of the notifications service's own code: features and their infrastructure (event store, outbox
 * relay, projections; bootstrapNotifications hands its processors to bootstrapService). Platform
 * concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [AboutController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        {
          provide: NotificationsInfrastructure,
          useFactory: (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            const log = logger.child('NotificationsInfrastructure');
            return new NotificationsInfrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
      ],
      exports: [NOTIFICATIONS_CONFIG, NotificationsInfrastructure],
    };
  }
}
