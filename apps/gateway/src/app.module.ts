import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { JsonLogger } from '@plein/shared/observability';
import { LOGGER } from '@plein/shared/platform';
import type { GatewayConfig } from './gateway.config';
import { GatewayMiddleware } from './gateway.middleware';
import { GATEWAY_SETTINGS } from './gateway.tokens';
import { identityRefresher, insightsVisitPoster } from './session/identity-client';
import { SessionStore } from './session/sessions';
import { TokenBroker, type Refresher } from './session/token-broker';
import { VisitRecorder, type VisitPoster } from './session/visits';

export interface GatewayModuleOptions {
  /** Instead of identity's `POST /auth/token` (unit-level tests). */
  readonly refresher?: Refresher;
  /** Instead of insights' `POST /v1/insights/visits`. */
  readonly visitPoster?: VisitPoster;
}

/** The gateway: one middleware in front of every path (the platform's /health, /ready and /openapi.json stay Nest routes). */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: GatewayConfig, options: GatewayModuleOptions = {}): DynamicModule {
    const settings = config.gateway;
    return {
      module: AppModule,
      providers: [
        { provide: GATEWAY_SETTINGS, useValue: settings },
        { provide: SessionStore, useFactory: () => new SessionStore(settings.maxSessions) },
        { provide: TokenBroker, inject: [SessionStore], useFactory: (store: SessionStore) => new TokenBroker(store, options.refresher ?? identityRefresher(settings.upstreams.identity)) },
        {
          provide: VisitRecorder,
          inject: [LOGGER],
          useFactory: (logger: JsonLogger) => new VisitRecorder(settings.visits ? (options.visitPoster ?? insightsVisitPoster(settings.upstreams.insights)) : async () => undefined, logger.child('Visits')),
        },
        GatewayMiddleware,
      ],
      exports: [SessionStore, VisitRecorder],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GatewayMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
