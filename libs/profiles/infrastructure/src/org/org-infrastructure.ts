import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { OrgService } from '@plein/profiles/application';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { ensureServiceTopics, eventTopicSpec } from '@plein/shared/event-store';
import { ensureProjectionStores, projectionDeadLetterTopics, ProjectionHost, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import { MongoOrgReadModel } from './mongo-org.read-model';
import type { ProfilesPartOptions } from '../profiles-part-options';
import { departmentCounts, orgNodesProjection, type DepartmentCountDocument, type OrgNodeDocument } from './org-nodes.projection';

/** With consumers: the org-nodes consumer. */
export interface OrgInfrastructureOptions extends ProfilesPartOptions {
  /** How long one department tree serves (default 10 s). */
  readonly departmentsTtlMs?: number;
}

/**
 * The org chart's composition root below HTTP: the `org-nodes` projection of identity's user
 * events, its host (own consumer group `<svc>.org-nodes.v<N>`), the read model and OrgService.
 */
export class OrgInfrastructure {
  readonly projection: ProjectionDefinition<'mongo'>;
  readonly host: ProjectionHost;
  readonly readModel: MongoOrgReadModel;
  readonly service: OrgService;
  readonly identityTopic: string;

  constructor(private readonly options: OrgInfrastructureOptions) {
    const db = options.connection.db!;
    this.identityTopic = prefixedTopicName(options.topicPrefix ?? '', identityUserTopic.name);
    this.projection = orgNodesProjection(this.identityTopic);
    this.host = new ProjectionHost({
      kafka: options.kafka,
      service: options.service,
      db,
      contracts: new ContractRegistry(identityContracts, identityUpcasters),
      projections: [this.projection],
      pollIntervalMs: 5_000,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.readModel = new MongoOrgReadModel(() => this.collection(), () => this.counts());
    this.service = new OrgService(this.readModel, options.departmentsTtlMs !== undefined ? { departmentsTtlMs: options.departmentsTtlMs } : {});
  }

  /** The active version's collection (resolved through the projection registry, cached). */
  collection(): Promise<mongo.Collection<OrgNodeDocument>> {
    return this.host.registry.activeCollection<OrgNodeDocument>(this.projection);
  }

  /** The active version's department head counts. */
  async counts(): Promise<mongo.Collection<DepartmentCountDocument>> {
    return departmentCounts(this.options.connection.db!, await this.collection());
  }

  /** Registry entry, collection and indexes, and (with consumers) the topics the consumer reads and dead-letters to. */
  async init(): Promise<void> {
    await ensureProjectionStores(this.host.registry, [this.projection], { service: this.options.service, db: this.options.connection.db! });
    if (this.options.consumers === false) return;
    await ensureServiceTopics(this.options.kafka, [eventTopicSpec(this.identityTopic, 6)], { deadLetterTopics: projectionDeadLetterTopics(this.options.service, [this.projection]) });
  }

  /** What the service's EventProcessorsServer runs: the org-nodes projection host. */
  startables(): { start(): Promise<void>; stop(): Promise<void> }[] {
    return this.options.consumers === false ? [] : [this.host];
  }
}
