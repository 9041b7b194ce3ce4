import { Module, type DynamicModule } from '@nestjs/common';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { VisitService } from '@plein/insights/application';
import { InsightsInfrastructure, MongoQueryCells } from '@plein/insights/infrastructure';
import { PlatformAuthModule } from '@plein/shared/auth';
import { ContractRegistry } from '@plein/shared/contracts';
import type { Clock } from '@plein/shared/kernel';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { AboutController } from './http/about.controller';
import { VisitsController } from './http/visits.controller';
import type { InsightsConfig } from './insights.config';
import { QueryModule } from './query.module';

export const INSIGHTS_CONFIG = 'plein:insights:config';

export interface AppModuleOptions {
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
  /** The ingest's and the visits' clock (tests move time; default the system clock). */
  readonly clock?: Clock;
}

/**
 * Root of the insights service's own code: platform authentication, the infrastructure (event
 * store, outbox relay, the cells projection, the fact purge; bootstrapInsights hands its
 * processors to bootstrapService), the visits route and the query side. Platform concerns
 * (logger, dependency clients, /health, /ready, /openapi.json, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: InsightsConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformAuthModule.forRoot({ config: config.auth, contracts: new ContractRegistry(identityContracts, identityUpcasters), ...(options.authKeys ? { keys: options.authKeys } : {}) }),
        QueryModule.forRoot({
          settings: config.query,
          retentionDays: config.ingest.factRetentionDays,
          // The query side's reads of the active cells version (per-value indexed reads for breakdowns).
          cells: (ref) => {
            const infra = ref.get(InsightsInfrastructure, { strict: false });
            return infra.withCompleteness(new MongoQueryCells(() => infra.activeCells()));
          },
          ...(options.clock ? { clock: options.clock } : {}),
        }),
      ],
      controllers: [AboutController, VisitsController],
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
              pseudonymSecret: config.ingest.pseudonymSecret,
              factRetentionDays: config.ingest.factRetentionDays,
              purgeIntervalMs: config.ingest.purgeIntervalMs,
              ...(options.clock ? { clock: options.clock } : {}),
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
        {
          provide: VisitService,
          useFactory: (infra: InsightsInfrastructure) => new VisitService(infra.store, config.ingest.pseudonymSecret, options.clock),
          inject: [InsightsInfrastructure],
        },
      ],
      exports: [INSIGHTS_CONFIG, InsightsInfrastructure],
    };
  }
}
