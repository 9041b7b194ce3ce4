import { Module, type DynamicModule } from '@nestjs/common';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { ModerationService } from '@plein/moderation/application';
import { ModerationInfrastructure } from '@plein/moderation/infrastructure';
import { PlatformAuthModule } from '@plein/shared/auth';
import { ContractRegistry } from '@plein/shared/contracts';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { AuditController, ModerationController } from './http/moderation.controller';
import type { ModerationConfig } from './moderation.config';
import { RULES_CONTROLLERS, RULES_PROVIDERS } from './rules.module';

export const MODERATION_CONFIG = 'plein:moderation:config';

/** Every HTTP controller of moderation (the OpenAPI test checks the document lists each route). */
export const MODERATION_CONTROLLERS = [ModerationController, AuditController, ...RULES_CONTROLLERS];

export interface AppModuleOptions {
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
}

/**
 * Root of the moderation service's own code: platform authentication, the infrastructure (event
 * store, projections, audit log; `init()` runs before the app listens) and the HTTP API. Platform
 * concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: ModerationConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformAuthModule.forRoot({ config: config.auth, contracts: new ContractRegistry(identityContracts, identityUpcasters), ...(options.authKeys ? { keys: options.authKeys } : {}) })],
      controllers: MODERATION_CONTROLLERS,
      providers: [
        { provide: MODERATION_CONFIG, useValue: config },
        {
          provide: ModerationInfrastructure,
          useFactory: async (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            await connection.asPromise();
            const log = logger.child('ModerationInfrastructure');
            const infra = new ModerationInfrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              reportReasons: config.moderation.reportReasons,
              auditRetentionDays: config.moderation.auditRetentionDays,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
            await infra.init();
            return infra;
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
        { provide: ModerationService, useFactory: (infra: ModerationInfrastructure) => new ModerationService(infra.deps), inject: [ModerationInfrastructure] },
        ...RULES_PROVIDERS,
      ],
      exports: [MODERATION_CONFIG, ModerationInfrastructure],
    };
  }
}
