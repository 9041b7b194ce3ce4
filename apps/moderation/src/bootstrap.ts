import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { loadModerationConfig } from './moderation.config';

export interface BootModerationOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** Starts the moderation service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapModeration(options: BootModerationOptions = {}): Promise<RunningService> {
  const config = loadModerationConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    handleSignals: options.handleSignals ?? true,
  });
}
