import type { EventEnvelope } from '@plein/shared/kernel';
import type { ReadYourWrites } from '@plein/shared/event-sourcing';
import { prefixedTopicName } from '@plein/shared/contracts';
import { createProjectionStore, ProjectionRegistry, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import { IDENTITY_SERVICE } from '../event-store/identity-event-store';
import { groupsProjection, type GroupDocument } from './groups.projection';
import type { UserDocument } from './user-document';
import { usersProjection } from './users.projection';

/** Identity's projections, reading its topics under the installation's prefix (`KAFKA_TOPIC_PREFIX`). */
export const identityProjections = (topicPrefix = ''): ProjectionDefinition[] =>
  ([usersProjection, groupsProjection] as ProjectionDefinition[]).map((projection) => ({ ...projection, topics: projection.topics.map((topic) => prefixedTopicName(topicPrefix, topic)) }));

const BY_AGGREGATE: Readonly<Record<string, ProjectionDefinition<'mongo'>>> = { user: usersProjection, group: groupsProjection };

/**
 * Identity's read models and how they are kept current. Read-your-writes: after every append the
 * command path (executeCommand) calls `project`, which applies the stream's missing events to the
 * active version (normally just the ones appended; after a crash between append and apply, the
 * command path re-reads the stream and the ones before are applied too).
 * The Kafka projections (ProjectionHost) apply the same events again, idempotently by sequence:
 * they cover other writers, crashed requests and rebuilds. During a blue-green rebuild the new
 * version is fed by Kafka only, so reads may lag briefly right after the switch.
 */
export class IdentityReadModels implements ReadYourWrites {
  readonly registry: ProjectionRegistry;

  constructor(private readonly db: mongo.Db) {
    this.registry = new ProjectionRegistry(db, IDENTITY_SERVICE);
  }

  /** Registers and sets up the projections' first versions when missing (idempotent, at boot). */
  async init(): Promise<void> {
    for (const projection of identityProjections()) {
      const state = (await this.registry.get(projection.name)) ?? (await this.registry.bootstrap(projection.name, projection.version));
      if (state.activeVersion !== null) await createProjectionStore(projection, { service: IDENTITY_SERVICE, db: this.db }).ensure(state.activeVersion);
    }
  }

  users(): Promise<mongo.Collection<UserDocument>> {
    return this.registry.activeCollection<UserDocument>(usersProjection);
  }

  groups(): Promise<mongo.Collection<GroupDocument>> {
    return this.registry.activeCollection<GroupDocument>(groupsProjection);
  }

  /**
   * Read-your-writes (the command path's port, executeCommand): applies one stream's events to its
   * document, skipping what it holds; `'gap'` when the document lacks events before the first one
   * given, and the command path re-reads the stream to close it.
   */
  async project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'> {
    const first = events[0];
    const projection = first ? BY_AGGREGATE[first.aggregateType] : undefined;
    if (!first || !projection) return 'applied';
    const ctx = await this.context(projection);
    const doc = await ctx.collection.findOne({ _id: first.aggregateId }, { projection: { lastSequence: 1 } });
    const last: number = doc?.lastSequence ?? 0;
    const pending = events.filter((e) => e.sequence > last);
    if (pending.length > 0 && pending[0]!.sequence !== last + 1) return 'gap';
    for (const event of pending) await projection.apply(event, ctx);
    return 'applied';
  }

  private async context(projection: ProjectionDefinition<'mongo'>): Promise<MongoProjectionContext> {
    const version = (await this.registry.activeVersion(projection.name)) ?? projection.version;
    return createProjectionStore(projection, { service: IDENTITY_SERVICE, db: this.db }).context(version, 'live') as MongoProjectionContext;
  }
}
