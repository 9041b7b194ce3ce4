import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AgendaService, CommentService, FollowService, GroupService, HomeTimelineService, JamService, PostService, ReactionService, ResponseService } from '@plein/feed/application';
import { FeedInfrastructure } from '@plein/feed/infrastructure';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { JsonLogger } from '@plein/shared/observability';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { FeedConfig } from './feed.config';
import { GroupsController, FollowsController, TimelinesController } from './http/groups.controller';
import { AgendaController, JamsController } from './http/jams-agenda.controller';
import { OpenApiController } from './http/openapi';
import { CommentsController, PostsController } from './http/posts.controller';

export const FEED_CONFIG = 'plein:feed:config';

/** Every HTTP controller of the feed (the OpenAPI spec checks the document against this list). */
export const FEED_CONTROLLERS = [PostsController, CommentsController, GroupsController, FollowsController, TimelinesController, JamsController, AgendaController, OpenApiController];

const services = [PostService, ResponseService, CommentService, ReactionService, GroupService, FollowService, HomeTimelineService, JamService, AgendaService] as const;

/**
 * The feed's HTTP API over the application services. FeedInfrastructure (event store, relay,
 * projections, consumers) is built once; its `init()` runs before the app listens, so the read
 * models exist for the first request. The Kafka side is started by bootstrapFeed.
 */
@Module({})
export class FeedModule {
  static forRoot(config: FeedConfig): DynamicModule {
    const infrastructure: Provider = {
      provide: FeedInfrastructure,
      useFactory: async (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
        await connection.asPromise();
        const log = logger.child('FeedInfrastructure');
        const infra = new FeedInfrastructure({
          connection,
          kafka,
          service: config.service.name,
          topicPrefix: config.kafka.topicPrefix,
          fanOut: config.feed.fanOut,
          consumers: config.feed.consumers,
          logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
        });
        await infra.init();
        return infra;
      },
      inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
    };
    return {
      module: FeedModule,
      controllers: FEED_CONTROLLERS,
      providers: [
        { provide: FEED_CONFIG, useValue: config },
        infrastructure,
        ...services.map((service) => ({ provide: service, useFactory: (infra: FeedInfrastructure) => new service(infra.deps), inject: [FeedInfrastructure] })),
      ],
      exports: [FEED_CONFIG, FeedInfrastructure],
    };
  }
}

