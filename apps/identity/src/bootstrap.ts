import type { Env } from '@plein/shared/config';
import type { JsonLogger } from '@plein/shared/observability';
import { bootstrapService, KAFKA, LOGGER, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { IDENTITY_CONTRACTS } from './identity.tokens';
import { identityProcessors } from './runtime/identity-processors';
import { IdentityRuntime } from './runtime/identity-runtime';
import { IDENTITY_API } from './http/routes';
import { loadIdentityConfig } from './identity.config';

export interface BootIdentityOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
  /** Where logs go (tests capture them); stdout by default. */
  readonly logger?: JsonLogger;
}

/** Starts the identity service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapIdentity(options: BootIdentityOptions = {}): Promise<RunningService> {
  const config = loadIdentityConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    api: IDENTITY_API,
    handleSignals: options.handleSignals ?? true,
    // Started in the background after listen and retried: identity boots with MongoDB or Kafka down and reports not-ready.
    processors: (app) => identityProcessors({ runtime: app.get(IdentityRuntime), kafka: app.get(KAFKA), config, contracts: app.get(IDENTITY_CONTRACTS), logger: app.get(LOGGER) }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
