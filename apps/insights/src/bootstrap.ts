import { InsightsInfrastructure } from '@plein/insights/infrastructure';
import type { Env } from '@plein/shared/config';
import type { Clock } from '@plein/shared/kernel';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import type { JWTVerifyGetKey } from 'jose';
import { AppModule } from './app.module';
import { loadInsightsConfig } from './insights.config';

export interface BootInsightsOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
  readonly clock?: Clock;
}

export interface RunningInsights extends RunningService {
  readonly infrastructure: InsightsInfrastructure;
}

/**
 * Starts the insights service; tests call this in-process with HTTP_PORT=0. Resolves once it
 * listens; its processors (outbox relay, cells projection, fact purge) start right after, each on GET /ready.
 */
export async function bootstrapInsights(options: BootInsightsOptions = {}): Promise<RunningInsights> {
  const config = loadInsightsConfig(options.env);
  const running = await bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config, { ...(options.authKeys ? { authKeys: options.authKeys } : {}), ...(options.clock ? { clock: options.clock } : {}) }),
    api: { title: 'Plein insights', description: 'Adoption and leadership participation in aggregates over at least k people; no person-level view.' },
    handleSignals: options.handleSignals ?? true,
    processors: (app) => app.get(InsightsInfrastructure).processors(),
  });
  return { ...running, infrastructure: running.app.get(InsightsInfrastructure) };
}
