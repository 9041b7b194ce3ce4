import { Module, type DynamicModule } from '@nestjs/common';
import type { NotificationsConfig } from './notifications.config';

export const NOTIFICATIONS_CONFIG = 'plein:notifications:config';

/**
 * Root of the notifications service's own code: features, consumers and workers are imported here.
 * Platform concerns (logger, dependency clients, /health, /ready, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: NOTIFICATIONS_CONFIG, useValue: config }],
      exports: [NOTIFICATIONS_CONFIG],
    };
  }
}
