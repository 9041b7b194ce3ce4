import { InsightsInfrastructure } from '@plein/insights/infrastructure';
import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { loadInsightsConfig } from './insights.config';

export interface BootInsightsOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/**
 * Starts the insights service; tests call this in-process with HTTP_PORT=0. Resolves once it
 * listens; its processors (outbox relay, projections) start right after, each on GET /ready.
 */
export async function bootstrapInsights(options: BootInsightsOptions = {}): Promise<RunningService> {
  const config = loadInsightsConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    api: { title: 'Plein insights', description: 'The insights service.' },
    handleSignals: options.handleSignals ?? true,
    processors: (app) => app.get(InsightsInfrastructure).processors(),
  });
}
