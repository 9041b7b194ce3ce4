import type { EventEnvelope } from '@plein/shared/kernel';
import type { MongoEventStore } from '@plein/shared/event-store';
import { createProjectionStore, ProjectionRegistry, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import { IDENTITY_SERVICE } from '../event-store/identity-event-store';
import { groupsProjection, type GroupDocument } from './groups.projection';
import type { UserDocument } from './user-document';
import { usersProjection } from './users.projection';

export const identityProjections = (): ProjectionDefinition[] => [usersProjection, groupsProjection] as ProjectionDefinition[];

const BY_AGGREGATE: Readonly<Record<string, ProjectionDefinition<'mongo'>>> = { user: usersProjection, group: groupsProjection };

/**
 * Identity's read models and how they are kept current. Read-your-writes: after every append the
 * command bus calls `catchUp`, which applies the stream's missing events to the active version
 * (normally just the ones appended; after a crash between append and apply, also the ones before).
 * The Kafka projections (ProjectionHost) apply the same events again, idempotently by sequence:
 * they cover other writers, crashed requests and rebuilds. During a blue-green rebuild the new
 * version is fed by Kafka only, so reads may lag briefly right after the switch.
 */
export class IdentityReadModels {
  readonly registry: ProjectionRegistry;

  constructor(
    private readonly db: mongo.Db,
    private readonly store: Pick<MongoEventStore, 'readStream'>,
  ) {
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

  /** Brings one aggregate's document up to `version`, given the events just appended. */
  async catchUp(aggregateType: string, aggregateId: string, appended: readonly EventEnvelope[], version: number): Promise<void> {
    const projection = BY_AGGREGATE[aggregateType];
    if (!projection) return;
    const ctx = await this.context(projection);
    const doc = await ctx.collection.findOne({ _id: aggregateId }, { projection: { lastSequence: 1 } });
    const last: number = doc?.lastSequence ?? 0;
    if (last >= version) return;
    let events = appended.filter((e) => e.sequence > last);
    if (events.length === 0 || events[0]!.sequence !== last + 1) {
      const stream = await this.store.readStream(`${aggregateType}-${aggregateId}`);
      events = (stream?.events ?? []).filter((e) => e.sequence > last && e.sequence <= version);
    }
    for (const event of events) await projection.apply(event, ctx);
  }

  private async context(projection: ProjectionDefinition<'mongo'>): Promise<MongoProjectionContext> {
    const version = (await this.registry.activeVersion(projection.name)) ?? projection.version;
    return createProjectionStore(projection, { service: IDENTITY_SERVICE, db: this.db }).context(version, 'live') as MongoProjectionContext;
  }
}
