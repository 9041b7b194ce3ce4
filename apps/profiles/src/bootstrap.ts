import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { loadProfilesConfig } from './profiles.config';

export interface BootProfilesOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** Starts the profiles service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapProfiles(options: BootProfilesOptions = {}): Promise<RunningService> {
  const config = loadProfilesConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb, elasticsearch: config.elasticsearch },
    module: AppModule.forRoot(config),
    api: { title: 'Plein profiles', description: 'The profiles service.' },
    handleSignals: options.handleSignals ?? true,
  });
}
