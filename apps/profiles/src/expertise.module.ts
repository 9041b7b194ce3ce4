import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { EndorsementService, ExpertiseService } from '@plein/profiles/application';
import { ExpertiseInfrastructure, ProfilesInfrastructure } from '@plein/profiles/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION, type ServiceProcessor } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { EXPERTISE_PEOPLE, ExpertiseController } from './http/expertise.controller';
import type { ProfilesConfig } from './profiles.config';

export interface ExpertiseModuleOptions {
  /** Run the evidence projection and the ask-an-expert timer (default true). */
  readonly consumers?: boolean;
}

/**
 * Expertise from evidence, endorsements and ask an expert (docs/profiles/expertise.md).
 * ExpertiseInfrastructure's `init()` runs before the app listens; its projection host and timer
 * are started by bootstrapService through `expertiseProcessors`.
 */
@Module({})
export class ExpertiseModule {
  static forRoot(config: ProfilesConfig, options: ExpertiseModuleOptions = {}): DynamicModule {
    return {
      module: ExpertiseModule,
      // Global: the profile view (ProfileController) shows ExpertiseService's standings.
      global: true,
      controllers: [ExpertiseController],
      providers: [
        {
          provide: ExpertiseInfrastructure,
          // The profiles event store (its relay publishes endorsements and suggestions) and the taxonomy come from the profile core.
          useFactory: async (connection: Connection, kafka: Kafka, logger: JsonLogger, core: ProfilesInfrastructure) => {
            await connection.asPromise();
            const log = logger.child('ExpertiseInfrastructure');
            const expertise = new ExpertiseInfrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              consumers: options.consumers ?? true,
              halfLifeDays: config.expertise.halfLifeDays,
              suggestAfterMinutes: config.expertise.suggestAfterMinutes,
              suggestIntervalMs: config.expertise.suggestIntervalMs,
              store: core.store,
              taxonomy: core.deps.taxonomy,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
            await expertise.init();
            return expertise;
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER, ProfilesInfrastructure],
        },
        { provide: ExpertiseService, useFactory: (x: ExpertiseInfrastructure) => x.expertise, inject: [ExpertiseInfrastructure] },
        { provide: EndorsementService, useFactory: (x: ExpertiseInfrastructure) => x.endorsements, inject: [ExpertiseInfrastructure] },
        { provide: EXPERTISE_PEOPLE, useFactory: (x: ExpertiseInfrastructure) => x.evidence, inject: [ExpertiseInfrastructure] },
      ],
      exports: [ExpertiseInfrastructure, ExpertiseService],
    };
  }
}

/** The expertise part's processors for bootstrapService: the evidence projection host and the ask-an-expert timer. */
export const expertiseProcessors = (app: INestApplication): ServiceProcessor[] => app.get(ExpertiseInfrastructure).processors();
