import { NotificationsInfrastructure } from '@plein/notifications/infrastructure';
import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { loadNotificationsConfig } from './notifications.config';

export interface BootNotificationsOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/**
 * Starts the notifications service; tests call this in-process with HTTP_PORT=0. Resolves once it
 * listens; its processors (outbox relay, projections) start right after, each on GET /ready.
 */
export async function bootstrapNotifications(options: BootNotificationsOptions = {}): Promise<RunningService> {
  const config = loadNotificationsConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    api: { title: 'Plein notifications', description: 'The notifications service.' },
    handleSignals: options.handleSignals ?? true,
    processors: (app) => app.get(NotificationsInfrastructure).processors(),
  });
}
