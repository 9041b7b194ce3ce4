import { Module, type DynamicModule } from '@nestjs/common';
import { AboutController } from './http/about.controller';
import type { ProfilesConfig } from './profiles.config';

export const PROFILES_CONFIG = 'plein:profiles:config';

/**
 * Root of the profiles service's own code: features, consumers and workers are imported here.
 * Platform concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json)
 * come from PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: ProfilesConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [AboutController],
      providers: [{ provide: PROFILES_CONFIG, useValue: config }],
      exports: [PROFILES_CONFIG],
    };
  }
}
