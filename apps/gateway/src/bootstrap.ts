import type { Env } from '@plein/shared/config';
import type { JsonLogger } from '@plein/shared/observability';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule, type GatewayModuleOptions } from './app.module';
import { loadGatewayConfig } from './gateway.config';

export interface BootGatewayOptions extends GatewayModuleOptions {
  readonly env?: Env;
  /** False when a test hosts the gateway in-process and closes it itself. */
  readonly handleSignals?: boolean;
  readonly logger?: JsonLogger;
}

/**
 * Starts the gateway (docs/gateway.md); tests call this in-process with HTTP_PORT=0. No Kafka, no
 * MongoDB: it holds browser sessions in memory and talks to the services over HTTP. Request
 * bodies are not parsed but streamed to the services (bounded by GATEWAY_MAX_BODY_BYTES).
 */
export async function bootstrapGateway(options: BootGatewayOptions = {}): Promise<RunningService> {
  const config = loadGatewayConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: {},
    module: AppModule.forRoot(config, options),
    api: { title: 'Plein gateway', description: 'The browser edge: the web client, /api/<service>/… with the session\'s platform token, /auth/* (sign-in) on one origin.' },
    handleSignals: options.handleSignals ?? true,
    bodyParsers: false,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
