import { Module, type DynamicModule } from '@nestjs/common';
import type { ModerationConfig } from './moderation.config';

export const MODERATION_CONFIG = 'plein:moderation:config';

/**
 * Root of the moderation service's own code: features, consumers and workers are imported here.
 * Platform concerns (logger, dependency clients, /health, /ready, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: ModerationConfig): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: MODERATION_CONFIG, useValue: config }],
      exports: [MODERATION_CONFIG],
    };
  }
}
