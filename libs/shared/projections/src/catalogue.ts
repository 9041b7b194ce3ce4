import type { ContractRegistryLike } from '@plein/shared/messaging';
import type { Connection, mongo } from 'mongoose';
import type { EventSource, ProjectionDefinition } from './projection';

/**
 * What a service exports for the rebuild command (and usually also gives its ProjectionHost):
 * its projections, its contract registry (for upcasting), and how to open its event store.
 * Export it as `projectionCatalogue` (or default) from a module, e.g.
 * `apps/feed/src/projections.catalogue.ts`.
 */
export interface ProjectionCatalogue {
  readonly service: string;
  readonly projections: readonly ProjectionDefinition[];
  readonly contracts: ContractRegistryLike;
  /**
   * The event store's `readAll`, opened on the service database the command connected to, e.g.
   * `({ connection }) => new MongoEventStore({ connection, service: 'feed' })`.
   */
  eventSource(deps: { readonly db: mongo.Db; readonly connection: Connection }): EventSource | Promise<EventSource>;
  /** MongoDB database; MONGODB_DB overrides it. Default `plein_<service>`. */
  readonly database?: string;
}

export const defineCatalogue = (catalogue: ProjectionCatalogue): ProjectionCatalogue => catalogue;
