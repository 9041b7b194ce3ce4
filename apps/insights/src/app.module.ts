import { Module, type DynamicModule } from '@nestjs/common';
import { InsightsInfrastructure } from '@plein/insights/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { AboutController } from './http/about.controller';
import type { InsightsConfig } from './insights.config';

export const INSIGHTS_CONFIG = 'plein:insights:config';

/**
 * Root of the insights service's own code: features and their infrastructure (event store, outbox
 * relay, projections; bootstrapInsights hands its processors to bootstrapService). Platform
 * concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: InsightsConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [AboutController],
      providers: [
        { provide: INSIGHTS_CONFIG, useValue: config },
        {
          provide: InsightsInfrastructure,
          useFactory: (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            const log = logger.child('InsightsInfrastructure');
            return new InsightsInfrastructure({
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
      exports: [INSIGHTS_CONFIG, InsightsInfrastructure],
    };
  }
}
