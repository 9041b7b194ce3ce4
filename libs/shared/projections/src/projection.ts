import type { Client } from '@elastic/elasticsearch';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { mongo } from 'mongoose';
import { ProjectionDefinitionError } from './errors';

/** Where a projection's read model lives: a MongoDB collection or an Elasticsearch index behind an alias. */
export type ProjectionStorage = 'mongo' | 'elasticsearch';

interface BaseProjectionContext {
  readonly service: string;
  readonly name: string;
  readonly version: number;
  /** `rebuild` while replaying the event store, `live` when fed from Kafka. Apply must not care. */
  readonly mode: 'live' | 'rebuild';
}
export interface MongoProjectionContext extends BaseProjectionContext {
  readonly db: mongo.Db;
  /** This version's collection, `<svc>_<collectionBase>_v<N>`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly collection: mongo.Collection<any>;
}
export interface ElasticsearchProjectionContext extends BaseProjectionContext {
  readonly elasticsearch: Client;
  /** This version's index, `<indexBase>-v<N>`; readers use the alias `<indexBase>`. */
  readonly index: string;
}
export type ProjectionContext<S extends ProjectionStorage = ProjectionStorage> = S extends 'elasticsearch' ? ElasticsearchProjectionContext : MongoProjectionContext;

export interface ProjectionInput<S extends ProjectionStorage = 'mongo'> {
  /** kebab-case, unique within the service, e.g. `home-timeline`. */
  readonly name: string;
  /** Bump when the read model's shape or logic changes; a new version is rebuilt beside the old one. */
  readonly version: number;
  readonly topics: readonly string[];
  /** Only events of these aggregate types reach `apply`, live and in rebuilds. */
  readonly aggregateTypes: readonly string[];
  readonly storage?: S;
  /** Mongo: collection base name; defaults to the name with `-` as `_`. */
  readonly collectionBase?: string;
  /** Elasticsearch: index base and alias name; defaults to `<svc>-<name>`. */
  readonly indexBase?: string;
  /** Creates indexes (Mongo) or the index with its mappings (Elasticsearch) for a fresh version. */
  setup?(ctx: ProjectionContext<S>): Promise<void>;
  /**
   * Applies one event (already validated and upcast to its latest version). Must be idempotent
   * (use the guards: applyInSequence, insertOnce, indexWithExternalVersion) and deterministic:
   * derive timestamps from `occurredAt`, never from the clock, so a rebuild equals the live model.
   */
  apply(envelope: EventEnvelope, ctx: ProjectionContext<S>): Promise<void>;
  /**
   * Optional fast path for live processing: consecutive events of one partition (in order,
   * already filtered to `aggregateTypes`), e.g. one write per read-model document with
   * `applyBatchInSequence`. Must leave exactly what `apply` on each event in order leaves; if it
   * throws, the processor falls back to `apply`, event by event.
   */
  applyBatch?(envelopes: readonly EventEnvelope[], ctx: ProjectionContext<S>): Promise<void>;
}

export interface ProjectionDefinition<S extends ProjectionStorage = ProjectionStorage> extends ProjectionInput<S> {
  readonly storage: S;
}

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function defineProjection<S extends ProjectionStorage = 'mongo'>(input: ProjectionInput<S>): ProjectionDefinition<S> {
  const fail = (message: string) => {
    throw new ProjectionDefinitionError(`projection ${input.name ?? '?'}: ${message}`);
  };
  if (!NAME.test(input.name)) fail('name must be kebab-case');
  if (!Number.isInteger(input.version) || input.version < 1) fail('version must be an integer >= 1');
  if (input.topics.length === 0) fail('needs at least one topic');
  if (input.aggregateTypes.length === 0) fail('needs at least one aggregate type');
  return { ...input, storage: (input.storage ?? 'mongo') as S };
}

/** `<svc>_<base>_v<N>` (docs/projections.md, "Defining one"). */
export function projectionCollectionName(service: string, projection: Pick<ProjectionDefinition, 'name' | 'collectionBase'>, version: number): string {
  return `${service}_${(projection.collectionBase ?? projection.name).replace(/-/g, '_')}_v${version}`;
}

export function projectionIndexBase(service: string, projection: Pick<ProjectionDefinition, 'name' | 'indexBase'>): string {
  return projection.indexBase ?? `${service}-${projection.name}`;
}

export function projectionIndexName(service: string, projection: Pick<ProjectionDefinition, 'name' | 'indexBase'>, version: number): string {
  return `${projectionIndexBase(service, projection)}-v${version}`;
}

/** The processor name `<name>.v<N>`; its consumer group is `<svc>.<name>.v<N>`. */
export const projectionProcessorName = (projection: Pick<ProjectionDefinition, 'name'>, version: number): string => `${projection.name}.v${version}`;

export const projectionGroupId = (service: string, projection: Pick<ProjectionDefinition, 'name'>, version: number): string =>
  `${service}.${projectionProcessorName(projection, version)}`;

export const registryCollectionName = (service: string): string => `${service}_projections`;

/** What a rebuild reads: every stored event (the event store's `readAll`). */
export interface EventSource {
  readAll(options?: { readonly aggregateTypes?: readonly string[] }): AsyncIterable<EventEnvelope>;
}
