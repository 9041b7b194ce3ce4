import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { OrgService } from '@plein/profiles/application';
import { OrgInfrastructure } from '@plein/profiles/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION, type ServiceProcessor } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { OrgController } from './http/org.controller';
import type { ProfilesConfig } from './profiles.config';

export interface OrgModuleOptions {
  /** Run the org-nodes consumer (default true; off for tests that write the read model themselves). */
  readonly consumers?: boolean;
}

/**
 * The org chart, directory and department tree (docs/profiles/org.md): the `org-nodes`
 * projection of identity's user events and its routes. OrgInfrastructure's `init()` runs before
 * the app listens, so the read model exists for the first request; its consumer is started by
 * bootstrapService through `orgProcessors`.
 */
@Module({})
export class OrgModule {
  static forRoot(config: ProfilesConfig, options: OrgModuleOptions = {}): DynamicModule {
    return {
      module: OrgModule,
      controllers: [OrgController],
      providers: [
        {
          provide: OrgInfrastructure,
          useFactory: async (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            await connection.asPromise();
            const log = logger.child('OrgInfrastructure');
            const org = new OrgInfrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              consumers: options.consumers ?? true,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
            await org.init();
            return org;
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
        { provide: OrgService, useFactory: (org: OrgInfrastructure) => org.service, inject: [OrgInfrastructure] },
      ],
      exports: [OrgInfrastructure],
    };
  }
}

/** The org part's processors for bootstrapService: the org-nodes projection host. */
export const orgProcessors = (app: INestApplication): ServiceProcessor[] =>
  app
    .get(OrgInfrastructure)
    .startables()
    .map((s) => ({ name: 'org-nodes', start: () => s.start(), stop: () => s.stop() }));
