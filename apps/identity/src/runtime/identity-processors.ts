import type { Kafka } from 'kafkajs';
import type { ContractRegistry } from '@plein/shared/contracts';
import { ensureServiceTopics, OutboxRelay } from '@plein/shared/event-store';
import { consumersNotRunning, type ServiceProcessor } from '@plein/shared/platform';
import type { JsonLogger } from '@plein/shared/observability';
import { ProjectionHost } from '@plein/shared/projections';
import { IDENTITY_SERVICE, identityProjections, identityTopicFor, identityTopicSpecs, sweepExpiredAuthState } from '@plein/identity/infrastructure';
import type { IdentityConfig } from '../identity.config';
import type { IdentityRuntime } from './identity-runtime';

const KEY_MAINTENANCE_MS = 60_000;
const HOUSEKEEPING_MS = 5 * 60_000;

export interface IdentityProcessorsOptions {
  readonly runtime: IdentityRuntime;
  readonly kafka: Kafka;
  readonly config: IdentityConfig;
  readonly contracts: ContractRegistry;
  readonly logger: JsonLogger;
}

/**
 * What identity runs beside its HTTP API, started by bootstrapService after the app listens and
 * retried there until MongoDB and Kafka answer (a dependency down at boot does not stop the
 * service; /ready names what does not run yet):
 * - `identity-services`: the composition root (event store, read models, signing keys loaded);
 *   a request that comes earlier waits for the same build;
 * - `outbox-relay`: identity's topics ensured, then its events published to Kafka;
 * - `projections` (IDENTITY_KAFKA_PROJECTIONS): the Kafka-fed safety net and rebuild path of the read models;
 * - `housekeeping`: signing-key rotation and the removal of expired auth state.
 */
export function identityProcessors(options: IdentityProcessorsOptions): ServiceProcessor[] {
  const { runtime, kafka, config, contracts, logger } = options;
  const processors: ServiceProcessor[] = [
    { name: 'identity-services', start: async () => void (await runtime.services()), stop: async () => undefined },
    new IdentityRelay(options),
  ];
  if (config.identity.kafkaProjections) {
    let host: ProjectionHost | null = null;
    processors.push({
      name: 'projections',
      start: async () => {
        const { db } = await runtime.services();
        host ??= new ProjectionHost({ kafka, service: IDENTITY_SERVICE, db, contracts: contracts.consuming(), projections: identityProjections(config.kafka.topicPrefix), logger: logger.child('Projections') });
        await host.start();
      },
      stop: async () => host?.stop(),
      notReadyReason: consumersNotRunning(() => host?.processors() ?? []),
    });
  }
  processors.push(new Housekeeping(runtime, logger));
  return processors;
}

/** The outbox relay, built once the event store is open; the topics are ensured before it runs. */
class IdentityRelay implements ServiceProcessor {
  readonly name = 'outbox-relay';
  private relay: OutboxRelay | null = null;

  constructor(private readonly options: IdentityProcessorsOptions) {}

  async start(): Promise<void> {
    const { runtime, kafka, config, logger } = this.options;
    const { store } = await runtime.services();
    if (config.identity.ensureTopics) await ensureServiceTopics(kafka, identityTopicSpecs(config.kafka.topicPrefix));
    this.relay ??= new OutboxRelay({
      store,
      kafka,
      topicFor: identityTopicFor(config.kafka.topicPrefix),
      onError: (error) => logger.warn('outbox relay cycle failed', { reason: String(error) }, 'OutboxRelay'),
    });
    await this.relay.start();
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
  }
}

/** Signing-key rotation every minute and the removal of expired auth state every five. */
class Housekeeping implements ServiceProcessor {
  readonly name = 'housekeeping';
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly runtime: IdentityRuntime,
    private readonly logger: JsonLogger,
  ) {}

  async start(): Promise<void> {
    const services = await this.runtime.services();
    this.clear();
    this.timers = [
      setInterval(() => void services.keyRing.maintain().catch((error: unknown) => this.logger.warn('signing key maintenance failed', { reason: String(error) }, 'Keys')), KEY_MAINTENANCE_MS),
      setInterval(() => void sweepExpiredAuthState(services.db, new Date()).catch((error: unknown) => this.logger.warn('auth housekeeping failed', { reason: String(error) }, 'Housekeeping')), HOUSEKEEPING_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  stop(): Promise<void> {
    this.clear();
    return Promise.resolve();
  }

  private clear(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }
}
