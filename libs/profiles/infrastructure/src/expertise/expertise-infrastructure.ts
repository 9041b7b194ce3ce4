import { feedContracts, feedPostTopic, feedReactionTopic, feedUpcasters } from '@plein/feed/contracts';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { AskExpert, EndorsementService, ExpertiseChangeNotifier, ExpertiseService, taxonomySynonyms, type TaxonomyReader } from '@plein/profiles/application';
import { profilesContracts, profilesUpcasters } from '@plein/profiles/contracts';
import { NO_SYNONYMS, type TopicSynonyms } from '@plein/profiles/domain';
import { ContractRegistry } from '@plein/shared/contracts';
import type { ReadYourWrites } from '@plein/shared/event-sourcing';
import { ensureServiceTopics, eventTopicSpec, type MongoEventStore } from '@plein/shared/event-store';
import { systemClock, type Clock, type EventEnvelope } from '@plein/shared/kernel';
import { ensureProjectionStores, projectionDeadLetterTopics, ProjectionHost, SequenceGapError, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import { createProfilesEventStore } from '../profiles-event-store';
import type { ProfilesPartOptions } from '../profiles-part-options';
import { AskExpertTimer } from '../ask-expert/ask-expert-timer';
import { applyEvidence, backfillTopicRows, evidenceProjection, type EvidenceDocument } from '../evidence/evidence.projection';

/** Marker row of the evidence collection: topic rows were back-filled for the posts before them. */
const TOPIC_ROWS_DONE = 'meta:topic-rows';
import { MongoEvidence } from '../evidence/mongo-evidence';

/**
 * Partitions of the topics this part reads, as deploy/topics/topics.yaml declares them: created here
 * only when missing (a fresh installation where profiles starts before the feed), and a topic's
 * partitions are never changed afterwards, so they must match the file.
 */
const BUSY_TOPICS: readonly string[] = [feedPostTopic.name, feedReactionTopic.name];
export const expertiseTopicPartitions = (name: string): number => (BUSY_TOPICS.some((topic) => name.endsWith(topic)) ? 12 : 6);

/** With consumers: the evidence projection and the ask-an-expert timer. */
export interface ExpertiseInfrastructureOptions extends ProfilesPartOptions {
  readonly halfLifeDays: number;
  readonly suggestAfterMinutes: number;
  /** How often the ask-an-expert timer looks for due questions (default 30 s). */
  readonly suggestIntervalMs?: number;
  /** The skills taxonomy (the profile core's TaxonomyReader): its synonyms merge topics. */
  readonly taxonomy?: Pick<TaxonomyReader, 'all'>;
  readonly clock?: Clock;
  /** The profiles event store; one over the service's connection by default. */
  readonly store?: MongoEventStore;
}

/**
 * Expertise's composition root below HTTP: the evidence projection (feed posts, comments,
 * reactions and groups, identity users, profile skills, endorsements and expert suggestions) and
 * its host, the expertise reader and change notifications, endorsements, and ask an expert.
 */
export class ExpertiseInfrastructure {
  readonly registry = new ContractRegistry([...feedContracts, ...identityContracts, ...profilesContracts], [...feedUpcasters, ...identityUpcasters, ...profilesUpcasters]);
  readonly changes = new ExpertiseChangeNotifier();
  readonly projection: ProjectionDefinition<'mongo'>;
  readonly host: ProjectionHost;
  readonly store: MongoEventStore;
  readonly evidence: MongoEvidence;
  readonly expertise: ExpertiseService;
  readonly endorsements: EndorsementService;
  readonly askExpert: AskExpert;
  readonly timer: AskExpertTimer;
  readonly readYourWrites: ReadYourWrites;

  constructor(private readonly options: ExpertiseInfrastructureOptions) {
    const db = options.connection.db!;
    const clock = options.clock ?? systemClock;
    this.store = options.store ?? createProfilesEventStore(options.connection);
    const notify = (userIds: readonly string[]) => this.changes.notify([...new Set(userIds)]);
    this.projection = evidenceProjection({ topicPrefix: options.topicPrefix ?? '', onChange: notify });
    this.host = new ProjectionHost({
      kafka: options.kafka,
      service: options.service,
      db,
      contracts: this.registry,
      projections: [this.projection],
      pollIntervalMs: 5_000,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.evidence = new MongoEvidence(() => this.collection());
    const synonyms: () => Promise<TopicSynonyms> = options.taxonomy ? taxonomySynonyms(options.taxonomy, 30_000, clock) : async () => NO_SYNONYMS;
    this.expertise = new ExpertiseService(this.evidence, { halfLifeDays: options.halfLifeDays }, synonyms, clock);
    this.readYourWrites = {
      project: async (events: readonly EventEnvelope[]) => {
        const collection = await this.collection();
        try {
          for (const event of events) await applyEvidence(event, collection, notify);
          return 'applied';
        } catch (error) {
          if (error instanceof SequenceGapError) return 'gap';
          throw error;
        }
      },
    };
    this.endorsements = new EndorsementService({ store: this.store, people: this.evidence, readYourWrites: this.readYourWrites });
    this.askExpert = new AskExpert(
      { store: this.store, readYourWrites: this.readYourWrites, questions: this.evidence, candidates: this.evidence, expertise: this.expertise, people: this.evidence, members: this.evidence, synonyms, clock },
      { afterMinutes: options.suggestAfterMinutes },
    );
    this.timer = new AskExpertTimer(this.askExpert, options.suggestIntervalMs ?? 30_000, options.logger);
  }

  /** The active version's evidence collection (through the projection registry, cached). */
  collection(): Promise<mongo.Collection<EvidenceDocument>> {
    return this.host.registry.activeCollection<EvidenceDocument>(this.projection);
  }

  /** Event store indexes, registry entry, collection and indexes, and (with consumers) the topics read and dead-lettered to. */
  async init(): Promise<void> {
    await this.store.init();
    await ensureProjectionStores(this.host.registry, [this.projection], { service: this.options.service, db: this.options.connection.db! });
    // Evidence written before topic rows existed gets them once (idempotent; a marker row says it is done).
    const collection = await this.collection();
    if (!(await collection.findOne({ _id: TOPIC_ROWS_DONE }, { projection: { _id: 1 } }))) {
      await backfillTopicRows(collection);
      await collection.updateOne({ _id: TOPIC_ROWS_DONE }, { $set: { kind: 'meta', lastSequence: 0 } } as unknown as mongo.UpdateFilter<EvidenceDocument>, { upsert: true });
    }
    if (this.options.consumers === false) return;
    await ensureServiceTopics(
      this.options.kafka,
      this.projection.topics.map((name) => eventTopicSpec(name, expertiseTopicPartitions(name))),
      { deadLetterTopics: projectionDeadLetterTopics(this.options.service, [this.projection]) },
    );
  }

  /** What the service runs beside HTTP: the evidence projection host and the ask-an-expert timer. */
  processors(): { name: string; start(): Promise<void>; stop(): Promise<void> }[] {
    if (this.options.consumers === false) return [];
    return [
      { name: 'expertise-evidence', start: () => this.host.start(), stop: () => this.host.stop() },
      { name: 'ask-expert', start: async () => this.timer.start(), stop: () => this.timer.stop() },
    ];
  }
}
