import { InboxStreamHub, NotificationsInfrastructure } from '@plein/notifications/infrastructure';
import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import type { JWTVerifyGetKey } from 'jose';
import { AppModule } from './app.module';
import { channelsProcessors } from './channels.module';
import { loadNotificationsConfig } from './notifications.config';

export interface BootNotificationsOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
}

/**
 * Starts the notifications service; tests call this in-process with HTTP_PORT=0. Resolves once it
 * listens; its processors (outbox relay, projections, sources, inbox purge, the inbox stream) start
 * right after, each on GET /ready.
 */
export async function bootstrapNotifications(options: BootNotificationsOptions = {}): Promise<RunningService> {
  const config = loadNotificationsConfig(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config, options.authKeys ? { authKeys: options.authKeys } : {}),
    api: { title: 'Plein notifications', description: 'The notifications service: the inbox of each person, fed by the other services\' events, live over Server-Sent Events.' },
    handleSignals: options.handleSignals ?? true,
    processors: (app) => {
      const infrastructure = app.get(NotificationsInfrastructure);
      const hub = app.get(InboxStreamHub);
      return [
        ...infrastructure.processors(),
        {
          name: 'inbox-stream',
          start: async () => {
            await infrastructure.open();
            await hub.start();
          },
          stop: () => hub.stop(),
        },
        ...channelsProcessors(app, config),
      ];
    },
  });
}
