import { InboxService, PreferencesService, type GroupPostSettings, type SourceDeps } from '@plein/notifications/application';
import { ensureServiceTopics, eventTopicSpec, OutboxRelay, type MongoEventStore } from '@plein/shared/event-store';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { EventProcessor, MessagingLogger } from '@plein/shared/messaging';
import { consumersNotRunning, onceUntilFailure, openFirst, serviceProcessor, type ServiceProcessor } from '@plein/shared/platform';
import { projectionDeadLetterTopics, ProjectionHost, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { MongoInbox } from './inbox/mongo-inbox';
import { InboxPurge } from './inbox/inbox-purge';
import { createNotificationsEventStore, notificationsRegistry, notificationsTopicFor, notificationsTopicSpecs } from './notifications-event-store';
import { MongoPreferencesReadModel, preferencesProjection, preferencesReadYourWrites, type PreferencesDocument } from './preferences/preferences.projection';
import { ContextCollections, MongoContentDirectory, MongoMembershipDirectory, MongoPeopleDirectory } from './sources/directories';
import { sourceProcessors, sourceTopics, SOURCE_NAMES, type SourceName } from './sources/source-processors';
import { AcknowledgementTimer } from './sources/acknowledgement-timer';
import { followersProjection, followersReadRegistry, followTopic, FOLLOW_TOPIC_PARTITIONS, MongoFollowersDirectory, type FollowDocument } from './sources/followers.projection';
import { ensureJams, jamsCollection, jamSourceProcessor, JamTimer, jamTopic, JAM_TOPIC_PARTITIONS, type JamDocument } from './sources/jam-source';

export interface NotificationsInfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of the event store, read-model collections and consumer groups (`notifications` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly logger?: MessagingLogger;
  readonly clock?: Clock;
  /** Inbox retention (by last change) and the most items kept per person. */
  readonly inbox?: { readonly retentionDays?: number; readonly capPerPerson?: number; readonly purgeIntervalMs?: number };
  /** The per-group "new posts" setting; the preferences read model unless given. */
  readonly groupPosts?: GroupPostSettings;
}

/** Partitions of the upstream topics the sources read, as deploy/topics/topics.yaml (created when missing, never altered). */
const UPSTREAM_PARTITIONS: Readonly<Record<SourceName, number>> = { people: 6, groups: 6, members: 6, posts: 12, comments: 6, reactions: 12, responses: 12, rsvps: 6, experts: 6, moderation: 3 };

/**
 * The notifications service's composition root below HTTP: the event store and outbox relay, the
 * projections, the inbox store, the small context read models of other services' events
 * (people, groups, memberships, posts, comments) and the sources that turn those events into inbox
 * items, each its own consumer group. The constructor connects nothing: the processors open what
 * they need when bootstrapService starts them (and retries them while MongoDB or Kafka is down).
 */
export class NotificationsInfrastructure {
  readonly service: string;
  readonly registry = notificationsRegistry();
  readonly store: MongoEventStore;
  readonly projections: readonly ProjectionDefinition[];
  readonly inbox: MongoInbox;
  readonly inboxService: InboxService;
  readonly context: ContextCollections;
  readonly sourceDeps: SourceDeps;
  readonly sources: readonly EventProcessor[];
  readonly preferences: PreferencesService;
  readonly preferencesReadModel: MongoPreferencesReadModel;
  readonly host: ProjectionHost;
  readonly purge: InboxPurge;
  readonly acknowledgements: AcknowledgementTimer;
  /** Idea jams (the jams source's collection) and the timer that tells their audience when they open and close. */
  readonly jams: mongo.Collection<JamDocument>;
  readonly jamTimer: JamTimer;
  private readonly relay: OutboxRelay;

  constructor(private readonly options: NotificationsInfrastructureOptions) {
    this.service = options.service ?? 'notifications';
    const db = options.connection.db!;
    const clock = options.clock ?? systemClock;
    this.store = createNotificationsEventStore(options.connection, this.registry, this.service);
    const preferences = preferencesProjection(options.topicPrefix);
    const followers = followersProjection(options.topicPrefix);
    this.projections = [preferences, followers];
    this.host = new ProjectionHost({
      kafka: options.kafka,
      service: this.service,
      db,
      contracts: followersReadRegistry(),
      projections: this.projections,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const preferencesCollection = () => this.host.registry.activeCollection<PreferencesDocument>(preferences);
    this.preferencesReadModel = new MongoPreferencesReadModel(preferencesCollection);
    this.preferences = new PreferencesService({ store: this.store, readModel: this.preferencesReadModel, readYourWrites: preferencesReadYourWrites(preferencesCollection) });
    this.inbox = new MongoInbox(db, { namespace: this.service, clock });
    this.inboxService = new InboxService(this.inbox);
    this.context = new ContextCollections(db, this.service);
    this.sourceDeps = {
      inbox: this.inbox,
      inApp: this.preferencesReadModel,
      people: new MongoPeopleDirectory(this.context),
      memberships: new MongoMembershipDirectory(this.context),
      content: new MongoContentDirectory(this.context),
      followers: new MongoFollowersDirectory(() => this.host.registry.activeCollection<FollowDocument>(followers)),
    };
    const logger = options.logger;
    this.sources = sourceProcessors({
      kafka: options.kafka,
      service: this.service,
      ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}),
      deps: this.sourceDeps,
      context: this.context,
      groupPosts: options.groupPosts ?? this.preferencesReadModel,
      ...(logger ? { logger } : {}),
    });
    this.jams = jamsCollection(db, this.service);
    this.sources = [...this.sources, jamSourceProcessor({ kafka: options.kafka, service: this.service, ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}), jams: this.jams, ...(logger ? { logger } : {}) })];
    this.jamTimer = new JamTimer(this.sourceDeps, this.jams, { clock, ...(logger ? { logger } : {}) });
    this.acknowledgements = new AcknowledgementTimer(this.sourceDeps, this.context, { clock, ...(logger ? { logger } : {}) });
    this.purge = new InboxPurge(this.inbox, {
      retentionMs: (options.inbox?.retentionDays ?? 90) * 86_400_000,
      capPerPerson: options.inbox?.capPerPerson ?? 1000,
      intervalMs: options.inbox?.purgeIntervalMs ?? 3_600_000,
      ...(logger ? { logger } : {}),
    });
    this.relay = new OutboxRelay({
      store: this.store,
      kafka: options.kafka,
      topicFor: notificationsTopicFor(options.topicPrefix),
      ...(logger ? { onError: (error: unknown) => logger.warn('outbox relay cycle failed', { reason: String(error) }) } : {}),
    });
  }

  /**
   * Opens the event store and the inbox (their indexes) and creates the service's and its sources'
   * topics and the consumers' dead-letter topics when missing, awaited until every partition has a
   * leader (a consumer subscribing earlier fails its start): once, again after a failure.
   */
  readonly open: () => Promise<void> = onceUntilFailure(async () => {
    await this.options.connection.asPromise();
    await this.store.init();
    await this.inbox.ensure();
    await this.context.ensure();
    await ensureJams(this.jams);
    const topics = sourceTopics(this.options.topicPrefix);
    const upstream = [
      ...SOURCE_NAMES.map((name) => eventTopicSpec(topics[name], UPSTREAM_PARTITIONS[name])),
      eventTopicSpec(jamTopic(this.options.topicPrefix), JAM_TOPIC_PARTITIONS),
      eventTopicSpec(followTopic(this.options.topicPrefix), FOLLOW_TOPIC_PARTITIONS),
    ];
    await ensureServiceTopics(this.options.kafka, [...notificationsTopicSpecs(this.options.topicPrefix), ...upstream], {
      deadLetterTopics: [...projectionDeadLetterTopics(this.service, this.projections), ...this.sources.map((s) => s.deadLetterTopic)],
    });
  });

  /** What bootstrapService runs beside HTTP (each after open), each reported on GET /ready: the outbox relay, the projections, the sources and the inbox purge. */
  processors(): ServiceProcessor[] {
    return openFirst(this.open, [
      serviceProcessor('outbox-relay', this.relay),
      serviceProcessor('projections', this.host, consumersNotRunning(() => this.host.processors())),
      {
        name: 'sources',
        start: async () => void (await Promise.all(this.sources.map((s) => s.start()))),
        stop: async () => void (await Promise.all(this.sources.map((s) => s.stop()))),
        notReadyReason: consumersNotRunning(() => this.sources),
      },
      { name: 'acknowledgements', start: async () => this.acknowledgements.start(), stop: () => this.acknowledgements.stop() },
      { name: 'jams', start: async () => this.jamTimer.start(), stop: () => this.jamTimer.stop() },
      { name: 'inbox-purge', start: async () => this.purge.start(), stop: () => this.purge.stop() },
    ]);
  }
}
