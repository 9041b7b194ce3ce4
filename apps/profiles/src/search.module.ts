import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import { ExpertiseInfrastructure, languageSynonyms, ProfilesInfrastructure, ProfilesSearch } from '@plein/profiles/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { consumersNotRunning, ELASTICSEARCH, KAFKA, LOGGER, MONGODB_CONNECTION, type ServiceProcessor } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { SearchController } from './http/search.controller';
import type { ProfilesConfig } from './profiles.config';

/**
 * Profiles search (docs/profiles/search.md): the search source (an Elasticsearch index), the `profiles` index
 * behind its alias and GET /v1/profiles/search. `searchProcessors` (started by bootstrapService,
 * a failed start retried) creates the first index version when missing, starts the source
 * consumer (which also rebuilds the index after taxonomy changes) and subscribes the index to the
 * expertise part's change notifications.
 */
@Module({})
export class SearchModule {
  static forRoot(config: ProfilesConfig): DynamicModule {
    return {
      module: SearchModule,
      controllers: [SearchController],
      providers: [
        {
          provide: ProfilesSearch,
          useFactory: async (connection: Connection, elasticsearch: Client, core: ProfilesInfrastructure, logger: JsonLogger) => {
            await connection.asPromise();
            const log = logger.child('ProfilesSearch');
            const search = new ProfilesSearch({
              taxonomyRebuildDelayMs: config.search.taxonomyRebuildDelayMs,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
              elasticsearch,
              indexPrefix: config.elasticsearch.indexPrefix,
              taxonomy: () => core.deps.taxonomy.all(),
              extraSynonyms: languageSynonyms(),
              legacySource: { db: connection.db!, service: config.service.name },
            });
            return search;
          },
          inject: [MONGODB_CONNECTION, ELASTICSEARCH, ProfilesInfrastructure, LOGGER],
        },
      ],
      exports: [ProfilesSearch],
    };
  }
}

/** The search part's processors for bootstrapService (none with PROFILES_CONSUMERS=off): the search source consumer. */
export function searchProcessors(app: INestApplication, config: ProfilesConfig): ServiceProcessor[] {
  if (!config.profiles.consumers) return [];
  const search = app.get(ProfilesSearch);
  const logger = app.get<JsonLogger>(LOGGER).child('ProfilesSearch');
  const processor = search.processor({
    kafka: app.get<Kafka>(KAFKA),
    service: config.service.name,
    topicPrefix: config.kafka.topicPrefix,
    logger: { info: (m, f) => logger.log(m, f), warn: (m, f) => logger.warn(m, f), error: (m, f) => logger.error(m, f) },
  });
  let unsubscribe: (() => void) | undefined;
  return [
    {
      name: 'profiles-search-source',
      start: async () => {
        await search.ensure();
        await processor.start();
        const expertise = optional(() => app.get(ExpertiseInfrastructure, { strict: false }));
        if (expertise && !unsubscribe) unsubscribe = search.useExpertise(expertise.expertise, expertise.changes, (error) => logger.error('expertise re-index failed', { error: String(error) }));
      },
      stop: async () => {
        unsubscribe?.();
        unsubscribe = undefined;
        await processor.stop();
        await search.stopScheduledRebuilds();
      },
      notReadyReason: consumersNotRunning(() => [processor]),
    },
  ];
}

const optional = <T>(get: () => T): T | undefined => {
  try {
    return get();
  } catch {
    return undefined;
  }
};
