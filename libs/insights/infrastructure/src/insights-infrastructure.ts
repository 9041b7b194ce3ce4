import { ensureTopics, OutboxRelay, type MongoEventStore } from '@plein/shared/event-store';
import type { MessagingLogger } from '@plein/shared/messaging';
import { consumersNotRunning, type ServiceProcessor } from '@plein/shared/platform';
import { ProjectionHost, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { createInsightsEventStore, insightsRegistry, insightsTopicFor, insightsTopicSpecs } from './insights-event-store';
import { notesProjection } from './notes.projection';

export interface InsightsInfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of the event store, read-model collections and consumer groups (`insights` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly logger?: MessagingLogger;
}

/**
 * The insights service's composition root below HTTP: the event store, the outbox relay that
 * publishes its events to Kafka and the projection host that feeds the read models from Kafka.
 * The constructor connects nothing: the processors open what they need when bootstrapService
 * starts them (and retries them while MongoDB or Kafka is down).
 */
export class InsightsInfrastructure {
  readonly service: string;
  readonly registry = insightsRegistry();
  readonly store: MongoEventStore;
  readonly projections: readonly ProjectionDefinition[];
  private readonly relay: OutboxRelay;
  private host: ProjectionHost | null = null;
  private opened: Promise<void> | null = null;

  constructor(private readonly options: InsightsInfrastructureOptions) {
    this.service = options.service ?? 'insights';
    this.store = createInsightsEventStore(options.connection, this.registry, this.service);
    this.projections = [notesProjection(options.topicPrefix)];
    const logger = options.logger;
    this.relay = new OutboxRelay({
      store: this.store,
      kafka: options.kafka,
      topicFor: insightsTopicFor(options.topicPrefix),
      ...(logger ? { onError: (error: unknown) => logger.warn('outbox relay cycle failed', { reason: String(error) }) } : {}),
    });
  }

  /** Opens the event store (its indexes) and creates the service's topics when missing: once, again after a failure. */
  open(): Promise<void> {
    this.opened ??= this.openNow().catch((error: unknown) => {
      this.opened = null;
      throw error;
    });
    return this.opened;
  }

  /** What bootstrapService runs beside HTTP, each reported on GET /ready: the outbox relay and the projections. */
  processors(): ServiceProcessor[] {
    return [
      {
        name: 'outbox-relay',
        start: async () => {
          await this.open();
          await this.relay.start();
        },
        stop: () => this.relay.stop(),
      },
      {
        name: 'projections',
        start: async () => {
          await this.open();
          this.host ??= new ProjectionHost({
            kafka: this.options.kafka,
            service: this.service,
            db: this.options.connection.db!,
            contracts: this.registry,
            projections: this.projections,
            ...(this.options.logger ? { logger: this.options.logger } : {}),
          });
          await this.host.start();
        },
        stop: async () => this.host?.stop(),
        notReadyReason: consumersNotRunning(() => this.host?.processors() ?? []),
      },
    ];
  }

  private async openNow(): Promise<void> {
    await this.options.connection.asPromise();
    await this.store.init();
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, insightsTopicSpecs(this.options.topicPrefix));
    } finally {
      await admin.disconnect();
    }
  }
}
