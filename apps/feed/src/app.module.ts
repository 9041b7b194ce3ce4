import { Module, type DynamicModule } from '@nestjs/common';
import type { FeedConfig } from './feed.config';

export const FEED_CONFIG = 'plein:feed:config';

/**
 * Root of the feed service's own code: features, consumers and workers are imported here.
 * Platform concerns (logger, dependency clients, /health, /ready, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: FeedConfig): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: FEED_CONFIG, useValue: config }],
      exports: [FEED_CONFIG],
    };
  }
}
