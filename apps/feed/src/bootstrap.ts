import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { loadFeedConfig } from './feed.config';

export interface BootFeedOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** Starts the feed service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapFeed(options: BootFeedOptions = {}): Promise<RunningService> {
  const config = loadFeedConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    handleSignals: options.handleSignals ?? true,
  });
}
