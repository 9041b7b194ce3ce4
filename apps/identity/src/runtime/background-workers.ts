import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { ContractRegistry } from '@plein/shared/contracts';
import { ensureTopics, OutboxRelay } from '@plein/shared/event-store';
import { KAFKA, LOGGER } from '@plein/shared/platform';
import type { JsonLogger } from '@plein/shared/observability';
import { ProjectionHost } from '@plein/shared/projections';
import { IDENTITY_SERVICE, identityProjections, identityTopicFor, identityTopicSpecs, sweepExpiredAuthState } from '@plein/identity/infrastructure';
import { IDENTITY_CONFIG, IDENTITY_CONTRACTS } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { IdentityRuntime } from './identity-runtime';

const RETRY_MS = 5_000;
const KEY_MAINTENANCE_MS = 60_000;
const HOUSEKEEPING_MS = 5 * 60_000;

/**
 * What runs beside the HTTP API: the outbox relay (identity's events to Kafka), the Kafka-fed
 * projections (safety net and rebuild path of the read models), signing-key rotation and the
 * removal of expired auth state. Started in the background once the app is up, and retried until
 * MongoDB and Kafka answer, so a dependency that is down at boot does not stop the service.
 */
@Injectable()
export class BackgroundWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | null = null;
  private projections: ProjectionHost | null = null;
  private timers: NodeJS.Timeout[] = [];
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly runtime: IdentityRuntime,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_CONTRACTS) private readonly contracts: ContractRegistry,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  /** True once the relay runs (tests wait for it). */
  get running(): boolean {
    return this.relay !== null;
  }

  onApplicationBootstrap(): void {
    const attempt = (): void => {
      if (this.stopped) return;
      this.starting = this.start().catch((error: unknown) => {
        if (this.stopped) return; // a stop came meanwhile: no retry
        this.logger.warn('background workers could not start; retrying', { reason: String(error), durationMs: RETRY_MS }, 'Workers');
        this.timers.push(setTimeout(attempt, RETRY_MS));
      });
    };
    attempt();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer); // clearTimeout also clears intervals
    await this.starting?.catch(() => undefined);
    // Again: the start that was in flight may have scheduled its timers meanwhile.
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    await Promise.allSettled([this.relay?.stop(), this.projections?.stop()]);
  }

  private async start(): Promise<void> {
    const services = await this.runtime.services();
    if (this.config.identity.ensureTopics) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, identityTopicSpecs(this.config.kafka.topicPrefix));
      } finally {
        await admin.disconnect();
      }
    }
    if (this.stopped) return;
    if (!this.relay) {
      const relay = new OutboxRelay({
        store: services.store,
        kafka: this.kafka,
        topicFor: identityTopicFor(this.config.kafka.topicPrefix),
        onError: (error) => this.logger.warn('outbox relay cycle failed', { reason: String(error) }, 'OutboxRelay'),
      });
      await relay.start();
      this.relay = relay;
    }
    if (this.config.identity.kafkaProjections && !this.projections) {
      const host = new ProjectionHost({ kafka: this.kafka, service: IDENTITY_SERVICE, db: services.db, contracts: this.contracts.consuming(), projections: identityProjections(this.config.kafka.topicPrefix), logger: this.logger.child('Projections') });
      await host.start();
      this.projections = host;
    }
    this.timers.push(
      setInterval(() => void services.keyRing.maintain().catch((error: unknown) => this.logger.warn('signing key maintenance failed', { reason: String(error) }, 'Keys')), KEY_MAINTENANCE_MS),
      setInterval(() => void sweepExpiredAuthState(services.db, new Date()).catch((error: unknown) => this.logger.warn('auth housekeeping failed', { reason: String(error) }, 'Housekeeping')), HOUSEKEEPING_MS),
    );
    for (const timer of this.timers) timer.unref();
  }
}
