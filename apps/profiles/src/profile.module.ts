import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { ProfileService, TaxonomyService } from '@plein/profiles/application';
import { ProfilesInfrastructure } from '@plein/profiles/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { consumersNotRunning, KAFKA, LOGGER, MONGODB_CONNECTION, serviceProcessor, type ServiceProcessor } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ProfileController } from './http/profile.controller';
import { TaxonomyController } from './http/taxonomy.controller';
import type { ProfilesConfig } from './profiles.config';

/**
 * The profile core (docs/profiles/profile.md): event store and outbox relay of every profiles
 * event, the profile-views and taxonomy read models, and the taxonomy routes.
 * ProfilesInfrastructure's `init()` runs before the app listens, so the read models exist for the
 * first request; its Kafka side is started by bootstrapService through `profileProcessors`.
 */
@Module({})
export class ProfileModule {
  static forRoot(config: ProfilesConfig): DynamicModule {
    return {
      module: ProfileModule,
      // Global: the other parts inject ProfilesInfrastructure, ProfileService and TaxonomyService.
      global: true,
      controllers: [TaxonomyController],
      providers: [
        {
          provide: ProfilesInfrastructure,
          useFactory: async (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            await connection.asPromise();
            const log = logger.child('ProfilesInfrastructure');
            const infra = new ProfilesInfrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              consumers: config.profiles.consumers,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
            await infra.init();
            return infra;
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
        { provide: ProfileService, useFactory: (infra: ProfilesInfrastructure) => new ProfileService(infra.deps), inject: [ProfilesInfrastructure] },
        { provide: TaxonomyService, useFactory: (infra: ProfilesInfrastructure) => new TaxonomyService(infra.deps), inject: [ProfilesInfrastructure] },
      ],
      exports: [ProfilesInfrastructure, ProfileService, TaxonomyService],
    };
  }
}

/**
 * GET/PATCH /v1/profiles/{userId}, in a module of its own that AppModule imports LAST: Express
 * matches routes in registration order, and the literal paths of the other parts
 * (/v1/profiles/search, /v1/profiles/taxonomy, /v1/profiles/directory, ...) must come before the
 * `{userId}` pattern.
 */
@Module({})
export class ProfileRoutesModule {
  /** `core`: the same ProfileModule.forRoot object AppModule imports first (one instance). */
  static forRoot(core: DynamicModule): DynamicModule {
    return { module: ProfileRoutesModule, imports: [core], controllers: [ProfileController] };
  }
}

/** The profile core's processors for bootstrapService (none with PROFILES_CONSUMERS=off): outbox relay, projections and the person erasure. */
export function profileProcessors(app: INestApplication, consumers: boolean): ServiceProcessor[] {
  if (!consumers) return [];
  const { relay, host, erasureProcessor } = app.get(ProfilesInfrastructure);
  return [
    serviceProcessor('profiles-outbox-relay', relay),
    serviceProcessor('profiles-projections', host, consumersNotRunning(() => host.processors())),
    serviceProcessor('profiles-person-erasure', erasureProcessor),
  ];
}
