import { DEFAULT_ORGANISATION_POLICY, type OrganisationPolicy } from '@plein/feed/domain';
import { DEFAULT_FAN_OUT, type FanOutSettings, type FeedReadModels, type TimelineDeps } from '@plein/feed/application';
import { ensureServiceTopics, MongoEventStore, OutboxRelay } from '@plein/shared/event-store';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { EventProcessor, MessagingLogger } from '@plein/shared/messaging';
import { ensureProjectionStores, projectionDeadLetterTopics, ProjectionHost, ProjectionRegistry, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { feedContractRegistry, FeedTopics, FEED_SERVICE } from './feed-topics';
import { moderationDecisionsProcessor } from './messaging/moderation-decisions.processor';
import { moderationApprovalsProcessor } from './moderation-rules/approvals.processor';
import { MODERATION_RULES_PROJECTION, moderationRulesProjection, MongoComposeRuleSets } from './moderation-rules/rule-set.projection';
import { feedAggregateReadModels, feedReadModelProjections } from './projections/feed.projections';
import { MongoPostingRestrictions, POSTING_RESTRICTIONS_PROJECTION, postingRestrictionsProjection } from './restrictions/posting-restrictions.projection';
import { homeTimelineProjection } from './projections/home-timeline.projection';
import { FeedCollections } from './read-models/collections';
import { MongoAgendaReadModel } from './read-models/mongo-agenda.read-model';
import { MongoIdempotencyKeys } from './read-models/mongo-idempotency-keys';
import { MongoPeopleReadModel } from './read-models/mongo-people.read-model';
import { MongoPostReadModel } from './read-models/mongo-posts.read-model';
import { AggregateReadYourWrites } from './read-models/read-your-writes';
import { MongoHomeTimelineStore } from './timeline/mongo-home-timeline.store';
import { MongoTimelineSources } from './timeline/mongo-timeline-sources';

export interface FeedInfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of collections and consumer groups (`feed` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly clock?: Clock;
  readonly policy?: OrganisationPolicy;
  readonly fanOut?: Partial<FanOutSettings>;
  readonly logger?: MessagingLogger;
  /** Run the Kafka side (relay, projections, consumers). Default true. */
  readonly consumers?: boolean;
}

/**
 * The feed's composition root below HTTP: event store + outbox relay, the projections and
 * their host, the moderation consumer, and the application's dependencies over MongoDB.
 */
export class FeedInfrastructure {
  readonly service: string;
  readonly topics: FeedTopics;
  readonly registry = feedContractRegistry();
  readonly store: MongoEventStore;
  readonly relay: OutboxRelay;
  readonly projections: ProjectionDefinition[];
  readonly host: ProjectionHost;
  readonly moderation: EventProcessor;
  /** Moderators' approvals and rejections of content the compose-time rules held or flagged. */
  readonly approvals: EventProcessor;
  readonly deps: TimelineDeps;
  readonly collections: FeedCollections;
  private readonly fanOut: FanOutSettings;

  constructor(private readonly options: FeedInfrastructureOptions) {
    this.service = options.service ?? FEED_SERVICE;
    this.topics = new FeedTopics(options.topicPrefix ?? '');
    this.fanOut = { ...DEFAULT_FAN_OUT, ...options.fanOut };
    const db = options.connection.db!;
    const clock = options.clock ?? systemClock;
    this.store = new MongoEventStore({ connection: options.connection, service: this.service, clock, validate: (e) => this.registry.validate(e) });
    this.relay = new OutboxRelay({ store: this.store, kafka: options.kafka, topicFor: this.topics.topicFor, ...(options.logger ? { onError: (e) => options.logger!.error('outbox relay failed', { reason: String(e) }) } : {}) });
    this.collections = new FeedCollections(db, new ProjectionRegistry(db, this.service));
    const people = new MongoPeopleReadModel(this.collections);
    const posts = new MongoPostReadModel(this.collections);
    const agenda = new MongoAgendaReadModel(this.collections);
    const readModels: FeedReadModels = { users: people, posts, comments: posts, responses: people, groups: people, follows: people, jams: agenda, agenda };
    const owners = this.collections.plain('timeline_owners');
    const large = this.collections.plain('fanout_sources');
    this.projections = [
      ...feedReadModelProjections(this.topics),
      homeTimelineProjection(this.topics, { follows: people, groups: people, owners, large, settings: this.fanOut }),
      moderationRulesProjection(this.topics.moderationRule),
      postingRestrictionsProjection(this.topics.moderationDecision),
    ];
    const timelines = new MongoHomeTimelineStore({ entries: () => this.collections.of('home-timeline'), owners, large }, this.fanOut.cap);
    this.deps = {
      store: this.store,
      readModels,
      projector: new AggregateReadYourWrites(this.collections, feedAggregateReadModels(this.topics)),
      idempotency: new MongoIdempotencyKeys(this.collections.plain('idempotency_keys')),
      clock,
      policy: options.policy ?? DEFAULT_ORGANISATION_POLICY,
      timelines,
      sources: new MongoTimelineSources(this.collections),
      fanOut: this.fanOut,
      composeRules: new MongoComposeRuleSets(() => this.collections.of(MODERATION_RULES_PROJECTION), () => this.collections.of('posts')),
      restrictions: new MongoPostingRestrictions(() => this.collections.of(POSTING_RESTRICTIONS_PROJECTION), clock),
    };
    const runtime = { kafka: options.kafka, service: this.service, db, contracts: this.registry, ...(options.logger ? { logger: options.logger } : {}) };
    this.host = new ProjectionHost({ ...runtime, projections: this.projections, pollIntervalMs: 5_000 });
    this.moderation = moderationDecisionsProcessor({ kafka: options.kafka, service: this.service, topic: this.topics.moderationDecision, registry: this.registry, deps: this.deps, ...(options.logger ? { logger: options.logger } : {}) });
    this.approvals = moderationApprovalsProcessor({ kafka: options.kafka, service: this.service, topic: this.topics.moderationApproval, registry: this.registry, deps: this.deps, ...(options.logger ? { logger: options.logger } : {}) });
  }

  /**
   * Indexes, projection registry and collections, and topics. Read models are usable right
   * after (HTTP read-your-writes writes into them before any consumer runs).
   */
  async init(): Promise<void> {
    await this.store.init();
    await ensureProjectionStores(this.collections.registry, this.projections, { service: this.service, db: this.options.connection.db! });
    if (this.options.consumers !== false) {
      // Event topics and the dead-letter topic of every processor, created up front and awaited.
      await ensureServiceTopics(this.options.kafka, this.topics.specs(), {
        deadLetterTopics: [...projectionDeadLetterTopics(this.service, this.projections), this.moderation.deadLetterTopic, this.approvals.deadLetterTopic],
      });
    }
  }

  /** What the Nest app runs as its microservice: relay, projection host, moderation consumer. */
  startables(): { start(): Promise<void>; stop(): Promise<void> }[] {
    if (this.options.consumers === false) return [];
    return [{ start: async () => this.relay.start(), stop: () => this.relay.stop() }, this.host, this.moderation, this.approvals];
  }
}
