import type { Env } from '@plein/shared/config';
import { FeedInfrastructure } from '@plein/feed/infrastructure';
import { bootstrapService, consumersNotRunning, serviceProcessor, type RunningService, type ServiceProcessor } from '@plein/shared/platform';
import { AppModule, type AppModuleOptions } from './app.module';
import { loadFeedConfig } from './feed.config';
import { FEED_API } from './http/openapi';

export interface BootFeedOptions extends AppModuleOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** The feed's Kafka side (none with FEED_CONSUMERS=off): outbox relay, projections, moderation consumer. */
function feedProcessors(infrastructure: FeedInfrastructure, consumers: boolean): ServiceProcessor[] {
  if (!consumers) return [];
  const { relay, host, moderation, approvals } = infrastructure;
  return [
    serviceProcessor('outbox-relay', relay),
    serviceProcessor('projections', host, consumersNotRunning(() => host.processors())),
    serviceProcessor('moderation-decisions', moderation, consumersNotRunning(() => [moderation])),
    serviceProcessor('moderation-approvals', approvals, consumersNotRunning(() => [approvals])),
  ];
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
    processors: (app) => feedProcessors(app.get(FeedInfrastructure), config.feed.consumers),
  });
  // Resolves once the relay, projections and consumer have had their first start (as callers expect).
  await running.processors.started;
  return { ...running, infrastructure: running.app.get(FeedInfrastructure) };
}
