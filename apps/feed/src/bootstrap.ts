import type { Env } from '@plein/shared/config';
import { FeedInfrastructure } from '@plein/feed/infrastructure';
import { EventProcessorsServer } from '@plein/shared/messaging';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule, type AppModuleOptions } from './app.module';
import { loadFeedConfig } from './feed.config';
import { FEED_API } from './http/openapi';

export interface BootFeedOptions extends AppModuleOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** Starts the feed service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapFeed(options: BootFeedOptions = {}): Promise<RunningService & { infrastructure: FeedInfrastructure }> {
  const config = loadFeedConfig(options.env);
  const running = await bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config, options.authKeys ? { authKeys: options.authKeys } : {}),
    api: FEED_API,
    handleSignals: options.handleSignals ?? true,
  });
  const infrastructure = running.app.get(FeedInfrastructure);
  try {
    // Outbox relay, projections and the moderation consumer; app.close() stops them.
    running.app.connectMicroservice({ strategy: new EventProcessorsServer(infrastructure.startables()) });
    await running.app.startAllMicroservices();
  } catch (error) {
    await running.close().catch(() => undefined);
    throw error;
  }
  return { ...running, infrastructure };
}
