import { Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ContractRegistryLike } from '@plein/shared/messaging';
import type { ServiceConfig } from '@plein/shared/config';
import { KAFKA, KafkaDependency, LOGGER, ReadinessChecks, SERVICE_CONFIG } from '@plein/shared/platform';
import type { JsonLogger } from '@plein/shared/observability';
import type { JWTVerifyGetKey } from 'jose';
import type { Kafka } from 'kafkajs';
import { revocationRetentionMs, type AuthConfig } from '../auth.config';
import { RevocationFeed } from '../revocation-feed';
import { RevocationList } from '../revocation-list';
import { PlatformTokenVerifier } from '../token-verifier';
import { PlatformAuthGuard } from './platform-auth.guard';

export const AUTH_CONFIG = 'plein:auth:config';

export interface PlatformAuthOptions {
  readonly config: AuthConfig;
  /** Identity's contract registry, for validating and upcasting revocation events. */
  readonly contracts?: ContractRegistryLike;
  /** Verification keys instead of fetching `config.jwksUrl` (the identity service uses its own key ring). */
  readonly keys?: JWTVerifyGetKey;
}

/** The readiness check PlatformAuthModule adds to GET /ready: down until the guard can answer. */
export const REVOCATION_LIST_CHECK = 'revocation-list';

/**
 * Starts the revocation feed once the app is up, in the background: Kafka being down at boot
 * must not stop the service (tokens are refused with 503 until the feed is ready, and /ready
 * reports `revocation-list` down meanwhile), and it is retried every 5 s. Stopped before the
 * app's connections close, also while a start is still in flight (the stop is bounded).
 */
@Injectable()
class RevocationFeedLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly feed: RevocationFeed,
    private readonly readiness: ReadinessChecks,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: REVOCATION_LIST_CHECK,
      check: async () => {
        const reason = this.feed.notReadyReason;
        if (reason !== undefined) throw new Error(`revocation deny-list not loaded: ${reason}`);
      },
    });
  }

  onApplicationBootstrap(): void {
    const attempt = (): void => {
      if (this.stopped) return;
      this.feed.start().catch((error: unknown) => {
        if (this.stopped) return;
        this.logger.warn('revocation feed could not start; retrying in 5 s', { reason: String(error) }, 'PlatformAuth');
        this.timer = setTimeout(attempt, 5_000);
      });
    };
    attempt();
  }

  /**
   * Starts the stop without holding the shutdown here: it runs while the app's other workers
   * (relay, processors) stop, so their bounds overlap instead of adding up. Awaited in
   * onApplicationShutdown, before the platform closes the Kafka client.
   */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    // Also ends a start in flight: it then resolves without running.
    this.stopping ??= this.feed.stop().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.beforeApplicationShutdown();
    await this.stopping;
  }
}

/**
 * Offline verification of platform access tokens in any service: import once in the app module
 * (`PlatformAuthModule.forRoot({ config: loadConfig(...).auth, contracts })`), then
 * `@UseGuards(PlatformAuthGuard)` and `@Roles(...)` on controllers. Needs the platform's KAFKA.
 */
@Module({})
export class PlatformAuthModule {
  static forRoot(options: PlatformAuthOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformAuthModule,
      global: true,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: RevocationList, useFactory: () => new RevocationList(revocationRetentionMs(config)) },
        {
          provide: RevocationFeed,
          useFactory: (kafka: Kafka, service: ServiceConfig, list: RevocationList, logger: JsonLogger, dependency: KafkaDependency) =>
            new RevocationFeed({ kafka, cleanupKafka: dependency.oneShot, topicPrefix: dependency.topicPrefix, service: service.name, list, logger: logger.child('RevocationFeed'), ...(options.contracts ? { contracts: options.contracts } : {}) }),
          inject: [KAFKA, SERVICE_CONFIG, RevocationList, LOGGER, KafkaDependency],
        },
        {
          provide: PlatformTokenVerifier,
          useFactory: (list: RevocationList, feed: RevocationFeed) =>
            new PlatformTokenVerifier({
              issuer: config.issuer,
              audience: config.audience,
              jwksUrl: config.jwksUrl,
              maxTokenAgeSeconds: config.maxTokenAgeSeconds,
              clockToleranceSeconds: config.clockToleranceSeconds,
              revocations: list,
              revocationsPending: () => feed.notReadyReason,
              ...(options.keys ? { keys: options.keys } : {}),
            }),
          inject: [RevocationList, RevocationFeed],
        },
        RevocationFeedLifecycle,
        PlatformAuthGuard,
      ],
      exports: [AUTH_CONFIG, RevocationList, RevocationFeed, PlatformTokenVerifier, PlatformAuthGuard],
    };
  }
}
