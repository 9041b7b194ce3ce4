import { DEFAULT_REPORT_REASONS } from '@plein/moderation/domain';
import type { ModerationDeps } from '@plein/moderation/application';
import type { ModerationReason } from '@plein/moderation/contracts';
import type { ReadYourWrites } from '@plein/shared/event-sourcing';
import { ensureServiceTopics, MongoEventStore, OutboxRelay } from '@plein/shared/event-store';
import { systemClock, type Clock, type EventEnvelope } from '@plein/shared/kernel';
import type { EventProcessor, MessagingLogger } from '@plein/shared/messaging';
import { ensureProjectionStores, projectionDeadLetterTopics, ProjectionHost, ProjectionRegistry, SequenceGapError, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { auditProcessor } from './audit/audit.processor';
import { AuditPurgeScheduler } from './audit/audit-purge.scheduler';
import { MongoAuditLog } from './audit/mongo-audit-log';
import { MODERATION_SERVICE, moderationReadRegistry, ModerationTopics } from './moderation-topics';
import { audienceProjections } from './projections/audience.projections';
import { flaggedContentProcessor } from './rules/flagged-content.processor';
import { screeningsProjection } from './rules/screenings';
import { applyCaseEvent, caseProjections, caseReadModelNames } from './projections/case.projections';
import { ModerationCollections, MongoAudienceReadModel, MongoCaseReadModel } from './read-models/mongo-read-models';

export interface ModerationInfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of collections and consumer groups (`moderation` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly clock?: Clock;
  readonly reportReasons?: readonly ModerationReason[];
  readonly auditRetentionDays?: number;
  /** How often each replica checks whether the daily audit purge is due (default: an hour). */
  readonly auditPurgeCheckEveryMs?: number;
  readonly logger?: MessagingLogger;
}

/**
 * Applies a command's case events to the case read models at once (the queue, the reporter's
 * reports, the decisions), so the answer and the caller's next request see them. The Kafka
 * projections apply them again later: duplicates are no-ops. A gap is reported to the command path.
 */
class CaseReadYourWrites implements ReadYourWrites {
  constructor(private readonly collections: ModerationCollections) {}
  async project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'> {
    for (const envelope of events) {
      for (const name of caseReadModelNames) {
        try {
          await applyCaseEvent(name, await this.collections.of(name), envelope);
        } catch (error) {
          if (error instanceof SequenceGapError) return 'gap';
          throw error;
        }
      }
    }
    return 'applied';
  }
}

/** The moderation service's composition root below HTTP: event store + relay, projections, audit log and its consumer. */
export class ModerationInfrastructure {
  readonly service: string;
  readonly topics: ModerationTopics;
  readonly registry = moderationReadRegistry();
  readonly store: MongoEventStore;
  readonly relay: OutboxRelay;
  readonly projections: ProjectionDefinition[];
  readonly host: ProjectionHost;
  readonly audit: MongoAuditLog;
  readonly auditConsumer: EventProcessor;
  /** Flagged content (feed.screening.recorded, action flag) → system reports in the review queue. */
  readonly flaggedContent: EventProcessor;
  /** The daily audit purge (one replica per day, under the shared leases). */
  readonly auditPurge: AuditPurgeScheduler;
  readonly collections: ModerationCollections;
  readonly db: mongo.Db;
  readonly deps: ModerationDeps;

  constructor(private readonly options: ModerationInfrastructureOptions) {
    this.service = options.service ?? MODERATION_SERVICE;
    this.topics = new ModerationTopics(options.topicPrefix ?? '');
    const db = options.connection.db!;
    this.db = db;
    const clock = options.clock ?? systemClock;
    this.store = new MongoEventStore({ connection: options.connection, service: this.service, clock, validate: (e) => this.registry.validate(e) });
    this.relay = new OutboxRelay({ store: this.store, kafka: options.kafka, topicFor: this.topics.topicFor, ...(options.logger ? { onError: (e) => options.logger!.error('outbox relay failed', { reason: String(e) }) } : {}) });
    this.collections = new ModerationCollections(new ProjectionRegistry(db, this.service));
    this.projections = [...audienceProjections(this.topics), ...caseProjections(this.topics), screeningsProjection(this.topics)];
    this.audit = new MongoAuditLog(db, this.service, clock);
    this.deps = {
      store: this.store,
      readYourWrites: new CaseReadYourWrites(this.collections),
      audience: new MongoAudienceReadModel(this.collections),
      cases: new MongoCaseReadModel(this.collections),
      audit: this.audit,
      clock,
      reportReasons: options.reportReasons ?? DEFAULT_REPORT_REASONS,
      auditRetentionDays: options.auditRetentionDays ?? 2555,
    };
    const runtime = { kafka: options.kafka, service: this.service, db, contracts: this.registry, ...(options.logger ? { logger: options.logger } : {}) };
    this.host = new ProjectionHost({ ...runtime, projections: this.projections, pollIntervalMs: 5_000 });
    this.auditPurge = new AuditPurgeScheduler({
      log: this.audit,
      leases: db.collection(`${this.service}_leases`),
      clock,
      retentionDays: this.deps.auditRetentionDays,
      ...(options.auditPurgeCheckEveryMs ? { checkEveryMs: options.auditPurgeCheckEveryMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.flaggedContent = flaggedContentProcessor({ kafka: options.kafka, service: this.service, topic: this.topics.screening, registry: this.registry, deps: { store: this.store, readYourWrites: this.deps.readYourWrites! }, ...(options.logger ? { logger: options.logger } : {}) });
    this.auditConsumer = auditProcessor({ kafka: options.kafka, service: this.service, topics: [this.topics.decision, this.topics.rule, this.topics.approval, this.topics.identityUser], registry: this.registry, log: this.audit, ...(options.logger ? { logger: options.logger } : {}) });
  }

  /** Indexes, projection registry and collections, topics (as the feed does). */
  async init(): Promise<void> {
    await this.store.init();
    await this.audit.init();
    await ensureProjectionStores(this.collections.registry, this.projections, { service: this.service, db: this.options.connection.db! });
    await ensureServiceTopics(this.options.kafka, this.topics.specs(), {
      deadLetterTopics: [...projectionDeadLetterTopics(this.service, this.projections), this.auditConsumer.deadLetterTopic, this.flaggedContent.deadLetterTopic],
    });
  }
}
