import type { Client } from '@elastic/elasticsearch';
import { mongo } from 'mongoose';
import { canonicalJson, SetDigest } from './checksum';
import { ProjectionDefinitionError } from './errors';
import {
  projectionCollectionName,
  projectionIndexBase,
  projectionIndexName,
  type ElasticsearchProjectionContext,
  type MongoProjectionContext,
  type ProjectionContext,
  type ProjectionDefinition,
} from './projection';

/** What rebuilds and hosts need from the place a projection's versions live. */
export interface ProjectionStore {
  /** The version's collection or index name. */
  target(version: number): string;
  context(version: number, mode: 'live' | 'rebuild'): ProjectionContext;
  /** Removes leftovers of an earlier, failed attempt at `version`, then runs the projection's setup. */
  prepare(version: number): Promise<void>;
  /**
   * Makes sure an active version can be written and read (first start of a projection): runs the
   * setup where the target is missing (Mongo setups must be idempotent) and, for Elasticsearch,
   * points the alias at it when the alias does not exist yet. Never drops anything.
   */
  ensure(version: number): Promise<void>;
  count(version: number): Promise<number>;
  /** Order-independent digest of all documents of the version (see SetDigest). */
  checksum(version: number): Promise<string>;
  /** Points readers at `to` where the store has its own pointer (an Elasticsearch alias). */
  switchReads(to: number): Promise<void>;
  drop(version: number): Promise<void>;
}

export interface StoreDependencies {
  readonly service: string;
  readonly db?: mongo.Db;
  readonly elasticsearch?: Client;
}

export function createProjectionStore(projection: ProjectionDefinition, deps: StoreDependencies): ProjectionStore {
  if (projection.storage === 'elasticsearch') {
    if (!deps.elasticsearch) throw new ProjectionDefinitionError(`projection ${projection.name} is stored in Elasticsearch but no client was given`);
    return new ElasticsearchProjectionStore(projection, deps.service, deps.elasticsearch);
  }
  if (!deps.db) throw new ProjectionDefinitionError(`projection ${projection.name} is stored in MongoDB but no database was given`);
  return new MongoProjectionStore(projection, deps.service, deps.db);
}

const NAMESPACE_NOT_FOUND = 26;

export class MongoProjectionStore implements ProjectionStore {
  constructor(
    private readonly projection: ProjectionDefinition,
    private readonly service: string,
    private readonly db: mongo.Db,
  ) {}

  target(version: number): string {
    return projectionCollectionName(this.service, this.projection, version);
  }

  context(version: number, mode: 'live' | 'rebuild'): MongoProjectionContext {
    const { service, projection, db } = this;
    return { service, name: projection.name, version, mode, db, collection: db.collection(this.target(version)) };
  }

  async prepare(version: number): Promise<void> {
    await this.drop(version);
    await this.db.createCollection(this.target(version));
    await (this.projection as ProjectionDefinition<'mongo'>).setup?.(this.context(version, 'rebuild'));
  }

  async ensure(version: number): Promise<void> {
    await (this.projection as ProjectionDefinition<'mongo'>).setup?.(this.context(version, 'live'));
  }

  count(version: number): Promise<number> {
    return this.db.collection(this.target(version)).countDocuments({});
  }

  async checksum(version: number): Promise<string> {
    const digest = new SetDigest();
    // EJSON keeps types (dates, ObjectIds) distinguishable from look-alike strings.
    for await (const doc of this.db.collection(this.target(version)).find({})) digest.add(canonicalJson(mongo.BSON.EJSON.serialize(doc)));
    return digest.toString();
  }

  async switchReads(): Promise<void> {
    // Readers resolve the collection through the registry document (ProjectionRegistry.activeCollection).
  }

  async drop(version: number): Promise<void> {
    try {
      await this.db.collection(this.target(version)).drop();
    } catch (error) {
      if ((error as { code?: unknown }).code !== NAMESPACE_NOT_FOUND && !/ns not found/i.test(String((error as Error).message))) throw error;
    }
  }
}

export class ElasticsearchProjectionStore implements ProjectionStore {
  private readonly alias: string;

  constructor(
    private readonly projection: ProjectionDefinition,
    private readonly service: string,
    private readonly client: Client,
  ) {
    this.alias = projectionIndexBase(service, projection);
  }

  target(version: number): string {
    return projectionIndexName(this.service, this.projection, version);
  }

  context(version: number, mode: 'live' | 'rebuild'): ElasticsearchProjectionContext {
    return { service: this.service, name: this.projection.name, version, mode, elasticsearch: this.client, index: this.target(version) };
  }

  async prepare(version: number): Promise<void> {
    await this.drop(version);
    const setup = (this.projection as ProjectionDefinition<'elasticsearch'>).setup;
    if (setup) await setup(this.context(version, 'rebuild'));
    if (!(await this.client.indices.exists({ index: this.target(version) }))) await this.client.indices.create({ index: this.target(version) });
  }

  async ensure(version: number): Promise<void> {
    if (!(await this.client.indices.exists({ index: this.target(version) }))) {
      const setup = (this.projection as ProjectionDefinition<'elasticsearch'>).setup;
      try {
        if (setup) await setup(this.context(version, 'live'));
        else await this.client.indices.create({ index: this.target(version) });
      } catch (error) {
        // Another replica created it first.
        if (!(await this.client.indices.exists({ index: this.target(version) }))) throw error;
      }
    }
    if (!(await this.client.indices.existsAlias({ name: this.alias }))) await this.switchReads(version);
  }

  async count(version: number): Promise<number> {
    await this.client.indices.refresh({ index: this.target(version) });
    return (await this.client.count({ index: this.target(version) })).count;
  }

  async checksum(version: number): Promise<string> {
    await this.client.indices.refresh({ index: this.target(version) });
    const digest = new SetDigest();
    // `_version` is the event sequence under external versioning, so it is part of the digest.
    for await (const response of this.client.helpers.scrollSearch({ index: this.target(version), version: true, size: 500 })) {
      for (const hit of response.body.hits.hits) digest.add(canonicalJson({ _id: hit._id, _version: hit._version, _source: hit._source }));
    }
    return digest.toString();
  }

  /** Atomic alias swap: the alias leaves every other version and points at `to` in one request. */
  async switchReads(to: number): Promise<void> {
    const holders = (await this.client.indices.existsAlias({ name: this.alias }))
      ? Object.keys(await this.client.indices.getAlias({ name: this.alias })).filter((index) => index !== this.target(to))
      : [];
    await this.client.indices.updateAliases({
      actions: [...holders.map((index) => ({ remove: { index, alias: this.alias } })), { add: { index: this.target(to), alias: this.alias } }],
    });
  }

  async drop(version: number): Promise<void> {
    await this.client.indices.delete({ index: this.target(version) }, { ignore: [404] });
  }
}
