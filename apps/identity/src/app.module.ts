import { Module, type DynamicModule } from '@nestjs/common';
import type { IdentityConfig } from './identity.config';

export const IDENTITY_CONFIG = 'plein:identity:config';

/**
 * Root of the identity service's own code: features, consumers and workers are imported here.
 * Platform concerns (logger, dependency clients, /health, /ready, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: IDENTITY_CONFIG, useValue: config }],
      exports: [IDENTITY_CONFIG],
    };
  }
}
