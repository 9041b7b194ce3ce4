import type { ProfilesDependencies } from '@plein/profiles/application';
import { sanitizeBio } from '@plein/profiles/domain';
import { ensureServiceTopics, MongoEventStore, OutboxRelay } from '@plein/shared/event-store';
import { systemClock, type Clock } from '@plein/shared/kernel';
import { consumerGroupId, deadLetterTopic, type EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import { ensureProjectionStores, projectionDeadLetterTopics, ProjectionHost, ProjectionRegistry, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { PERSON_ERASURE_PROCESSOR, PersonErasure, personErasureProcessor } from '../erasure/person-erasure';
import { profilesRegistry } from '../profiles-event-store';
import { profilesContractRegistry, ProfilesTopics, PROFILES_SERVICE } from '../profiles-topics';
import { applyProfileViewEvent, profileViewsProjection, type ProfileViewDocument } from './profile-views.projection';
import { MongoProfileViews, MongoTaxonomyReader, ProfilesReadYourWrites } from './read-models';
import { applyTaxonomyEvent, taxonomyProjection, type TaxonomyTermDocument } from './taxonomy.projection';

/**
 * The version of each read model of the profile core: it names the collection
 * (`profiles_<name>_v<N>`) and the consumer group (`profiles.<name>.v<N>`). Bump one when its
 * document shape or logic changes, and rebuild it (docs/projections.md).
 */
export const PROFILES_READ_MODEL_VERSIONS = { 'profile-views': 1, taxonomy: 1 } as const;

/** The profile core's projections (for the host and the rebuild catalogue). */
export const profilesReadModelProjections = (topics: ProfilesTopics): ProjectionDefinition<'mongo'>[] => [
  profileViewsProjection(topics, PROFILES_READ_MODEL_VERSIONS['profile-views']),
  taxonomyProjection(topics, PROFILES_READ_MODEL_VERSIONS.taxonomy),
];

export interface ProfilesInfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of collections and consumer groups (`profiles` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly clock?: Clock;
  readonly logger?: MessagingLogger;
  /** Run the Kafka side (outbox relay, projections). Default true. */
  readonly consumers?: boolean;
  /** Default: the platform's Markdown sanitiser (sanitizeBio). */
  readonly sanitizeBio?: ProfilesDependencies['sanitizeBio'];
}

/**
 * The profile core below HTTP: event store + outbox relay (every profiles event, also those of
 * the other parts, leaves through it), the profile-views and taxonomy projections and their host,
 * and the application's dependencies.
 */
export class ProfilesInfrastructure {
  readonly service: string;
  readonly topics: ProfilesTopics;
  readonly store: MongoEventStore;
  readonly relay: OutboxRelay;
  readonly projections: ProjectionDefinition<'mongo'>[];
  readonly host: ProjectionHost;
  readonly registry: ProjectionRegistry;
  readonly deps: ProfilesDependencies;
  /** Erases a deleted person's streams (profile, endorsements given and received) from the event store. */
  readonly erasure: PersonErasure;
  /** Runs `erasure` on identity.user.deleted, consumer group `<svc>.person-erasure`. */
  readonly erasureProcessor: EventProcessor;

  constructor(private readonly options: ProfilesInfrastructureOptions) {
    this.service = options.service ?? PROFILES_SERVICE;
    this.topics = new ProfilesTopics(options.topicPrefix ?? '');
    const db = options.connection.db!;
    const own = profilesRegistry();
    // tombstones: an erased person's streams are not recreated by a late command (docs/adr/0025).
    this.store = new MongoEventStore({ connection: options.connection, service: this.service, clock: options.clock ?? systemClock, validate: (e) => own.validate(e), tombstones: true });
    this.erasure = new PersonErasure(this.store);
    this.erasureProcessor = personErasureProcessor({
      kafka: options.kafka,
      service: this.service,
      identityUserTopic: this.topics.identityUser,
      erasure: this.erasure,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.relay = new OutboxRelay({
      store: this.store,
      kafka: options.kafka,
      topicFor: this.topics.topicFor,
      ...(options.logger ? { onError: (e) => options.logger!.error('outbox relay failed', { reason: String(e) }) } : {}),
    });
    this.projections = profilesReadModelProjections(this.topics);
    const [views, taxonomy] = this.projections as [ProjectionDefinition<'mongo'>, ProjectionDefinition<'mongo'>];
    this.host = new ProjectionHost({
      kafka: options.kafka,
      service: this.service,
      db,
      contracts: profilesContractRegistry(),
      projections: this.projections,
      pollIntervalMs: 5_000,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.registry = this.host.registry;
    const viewsCollection = () => this.registry.activeCollection<ProfileViewDocument>(views);
    const taxonomyCollection = () => this.registry.activeCollection<TaxonomyTermDocument>(taxonomy);
    this.deps = {
      store: this.store,
      views: new MongoProfileViews(viewsCollection),
      taxonomy: new MongoTaxonomyReader(taxonomyCollection),
      readYourWrites: new ProfilesReadYourWrites(
        this.registry,
        new Map([
          ['profile', { projection: views, apply: (c, e) => applyProfileViewEvent(c as unknown as mongo.Collection<ProfileViewDocument>, e) }],
          ['taxonomy', { projection: taxonomy, apply: (c, e) => applyTaxonomyEvent(c as unknown as mongo.Collection<TaxonomyTermDocument>, e) }],
        ]),
      ),
      sanitizeBio: options.sanitizeBio ?? sanitizeBio,
    };
  }

  /** Event store indexes, projection registry entries and collections, and (with consumers) the topics. */
  async init(): Promise<void> {
    await this.store.init();
    await ensureProjectionStores(this.registry, this.projections, { service: this.service, db: this.options.connection.db! });
    if (this.options.consumers === false) return;
    await ensureServiceTopics(this.options.kafka, this.topics.specs(), {
      deadLetterTopics: [...projectionDeadLetterTopics(this.service, this.projections), deadLetterTopic(consumerGroupId(this.service, PERSON_ERASURE_PROCESSOR))],
    });
  }

  /** What runs beside HTTP: the outbox relay, the projection host and the person erasure. */
  startables(): { name: string; start(): Promise<void>; stop(): Promise<void> }[] {
    if (this.options.consumers === false) return [];
    return [
      { name: 'profiles-outbox-relay', start: async () => this.relay.start(), stop: () => this.relay.stop() },
      { name: 'profiles-projections', start: () => this.host.start(), stop: () => this.host.stop() },
      { name: 'profiles-person-erasure', start: () => this.erasureProcessor.start(), stop: () => this.erasureProcessor.stop() },
    ];
  }
}
