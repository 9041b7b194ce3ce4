import { ensureServiceTopics, OutboxRelay, type MongoEventStore } from '@plein/shared/event-store';
import type { MessagingLogger } from '@plein/shared/messaging';
import { consumersNotRunning, onceUntilFailure, openFirst, serviceProcessor, type ServiceProcessor } from '@plein/shared/platform';
import { withCompletenessGauges, type InsightsCells } from '@plein/insights/application';
import type { Cell } from '@plein/insights/domain';
import { systemClock, type Clock } from '@plein/shared/kernel';
import { projectionDeadLetterTopics, ProjectionHost, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { cellsProjection } from './cells/cells.projection';
import { insightsConsumedRegistry, InsightsTopics } from './cells/insights-topics';
import { MongoIngestStore, type CellsCollection } from './cells/mongo-ingest-store';
import { MongoInsightsCells } from './cells/mongo-insights-cells';
import { completenessGaugesReader, completenessProjection } from './completeness/completeness.projection';
import { createInsightsEventStore, insightsRegistry, insightsTopicFor, insightsTopicSpecs } from './insights-event-store';

export interface InsightsInfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of the event store, read-model collections and consumer groups (`insights` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly logger?: MessagingLogger;
  /** HMAC key of the pseudonymous person keys (at least 32 characters). */
  readonly pseudonymSecret: string;
  /** Facts whose period ended more than this many days ago are purged (cells stay). */
  readonly factRetentionDays: number;
  /** How often the retention purge runs (ms); default one hour. */
  readonly purgeIntervalMs?: number;
  readonly clock?: Clock;
  /** Kafka partitions one projection processor works on at once (other topics go on while one waits for its person or post). */
  readonly partitionsConsumedConcurrently?: number;
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
  readonly topics: InsightsTopics;
  readonly cellsProjection: ProjectionDefinition<'mongo'>;
  readonly completenessProjection: ProjectionDefinition<'mongo'>;
  /** The read port of the cells (the active version's collection), with the completeness gauges in the `current` cells. */
  readonly cells: InsightsCells;
  private readonly completenessGauges: () => Promise<readonly Cell[]>;
  private readonly relay: OutboxRelay;
  private host: ProjectionHost | null = null;
  private purgeTimer: NodeJS.Timeout | null = null;
  private purging: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: InsightsInfrastructureOptions) {
    this.service = options.service ?? 'insights';
    this.store = createInsightsEventStore(options.connection, this.registry, this.service);
    this.topics = new InsightsTopics(options.topicPrefix);
    this.cellsProjection = cellsProjection({ topics: this.topics, secret: options.pseudonymSecret });
    this.completenessProjection = completenessProjection({ topics: this.topics, secret: options.pseudonymSecret });
    this.projections = [this.cellsProjection, this.completenessProjection];
    const completeness = () => this.projectionHost().registry.activeCollection(this.completenessProjection) as Promise<mongo.Collection>;
    this.completenessGauges = completenessGaugesReader(completeness);
    this.cells = this.withCompleteness(new MongoInsightsCells(() => this.activeCells()));
    const logger = options.logger;
    this.relay = new OutboxRelay({
      store: this.store,
      kafka: options.kafka,
      topicFor: insightsTopicFor(options.topicPrefix),
      ...(logger ? { onError: (error: unknown) => logger.warn('outbox relay cycle failed', { reason: String(error) }) } : {}),
    });
  }

  /**
   * Opens the event store (its indexes) and creates the service's own and consumed topics and the
   * projections' dead-letter topics when missing, awaited until every partition has a leader: once,
   * again after a failure.
   */
  readonly open: () => Promise<void> = onceUntilFailure(async () => {
    await this.options.connection.asPromise();
    await this.store.init();
    await ensureServiceTopics(this.options.kafka, [...insightsTopicSpecs(this.options.topicPrefix), ...this.topics.specs()], {
      deadLetterTopics: projectionDeadLetterTopics(this.service, this.projections),
    });
  });

  /** What bootstrapService runs beside HTTP (each after open), each reported on GET /ready: the outbox relay, the projections and the fact purge. */
  processors(): ServiceProcessor[] {
    return openFirst(this.open, [
      serviceProcessor('outbox-relay', this.relay),
      {
        name: 'projections',
        start: () => this.projectionHost().start(),
        stop: async () => this.host?.stop(),
        notReadyReason: consumersNotRunning(() => this.host?.processors() ?? []),
      },
      {
        name: 'fact-purge',
        start: async () => {
          const every = this.options.purgeIntervalMs ?? 3_600_000;
          const run = () => {
            this.purging = this.purgeFacts().catch((error: unknown) => this.options.logger?.warn('fact purge failed', { reason: String(error) }));
          };
          run();
          this.purgeTimer = setInterval(run, every);
          this.purgeTimer.unref();
        },
        stop: async () => {
          if (this.purgeTimer) clearInterval(this.purgeTimer);
          this.purgeTimer = null;
          await this.purging;
        },
      },
    ]);
  }

  /** The projection host (created on first use): the cells' consumer, lag for tests and benches. */
  projectionHost(): ProjectionHost {
    this.host ??= new ProjectionHost({
      kafka: this.options.kafka,
      service: this.service,
      db: this.options.connection.db!,
      contracts: insightsConsumedRegistry(),
      projections: this.projections,
      // Every partition at once, and long retries: an activity whose person or post is still on its
      // own topic (NotYetKnownError) waits there without holding back the topics it waits for.
      // Batches of at most 200 keep one batch's writes well inside the handler timeout on a busy server.
      // The concurrent batches' cell writes are merged by the cell writer (group commit, ADR 0026): they do not race.
      processorOptions: {
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 64,
        retry: { attempts: 120, initialBackoffMs: 200, maxBackoffMs: 5_000 },
        maxBatchSize: 200,
      },
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    return this.host;
  }

  /** Cells with the profile completeness gauges (counted from the completeness records) in their `current` cells. */
  withCompleteness(cells: InsightsCells): InsightsCells {
    return withCompletenessGauges(cells, this.completenessGauges);
  }

  /** The active version's cells collection. */
  async activeCells(): Promise<CellsCollection> {
    return this.projectionHost().registry.activeCollection(this.cellsProjection) as Promise<CellsCollection>;
  }

  /**
   * Retention: deletes the facts (and applied-event markers) of periods that ended more than
   * factRetentionDays ago, in the active cells version; counters stay. Answers how many went.
   */
  async purgeFacts(): Promise<number> {
    const now = (this.options.clock ?? systemClock).now();
    const horizon = new Date(now.getTime() - this.options.factRetentionDays * 86_400_000);
    const purged = await new MongoIngestStore(await this.activeCells()).purge(horizon);
    if (purged > 0) this.options.logger?.info('facts purged', { purged, horizon: horizon.toISOString() });
    return purged;
  }
}
