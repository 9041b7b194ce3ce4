import type { Env } from '@plein/shared/config';
import { ProfilesInfrastructure } from '@plein/profiles/infrastructure';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule, type AppModuleOptions } from './app.module';
import { expertiseProcessors } from './expertise.module';
import { orgProcessors } from './org.module';
import { profileProcessors } from './profile.module';
import { searchProcessors } from './search.module';
import { loadProfilesConfig } from './profiles.config';

export interface BootProfilesOptions extends AppModuleOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

export type RunningProfiles = RunningService & { readonly infrastructure: ProfilesInfrastructure };

/** Starts the profiles service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapProfiles(options: BootProfilesOptions = {}): Promise<RunningProfiles> {
  const config = loadProfilesConfig(options.env);
  const consumers = config.profiles.consumers;
  const running = await bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb, elasticsearch: config.elasticsearch },
    module: AppModule.forRoot(config, options.authKeys ? { authKeys: options.authKeys } : {}),
    api: { title: 'Plein profiles', description: 'Find the colleague who can help: profiles, skills taxonomy, search, endorsements and the org chart. People you cannot see answer 404.' },
    handleSignals: options.handleSignals ?? true,
    // Each part's processors, one line each.
    processors: (app) => [...profileProcessors(app, consumers), ...orgProcessors(app), ...expertiseProcessors(app), ...searchProcessors(app, config)],
  });
  // Resolves once the relay and projections have had their first start (as callers expect).
  await running.processors.started;
  return { ...running, infrastructure: running.app.get(ProfilesInfrastructure) };
}
