import type { ProjectionRegistry } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * Resolves a projection's active collection (`feed_<name>_v<active>`, cached by the registry) so
 * readers follow blue-green rebuilds without a restart.
 */
export class FeedCollections {
  constructor(
    readonly db: mongo.Db,
    readonly registry: ProjectionRegistry,
  ) {}
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  of<T extends mongo.Document = any>(name: string): Promise<mongo.Collection<T>> {
    return this.registry.activeCollection<T>(name);
  }
  /** Operational (non-projected) collections: `feed_<name>`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plain<T extends mongo.Document = any>(name: string): mongo.Collection<T> {
    return this.db.collection<T>(`${this.registry.service}_${name}`);
  }
}

export const DELETED_NO = { $ne: true };
