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

/**
 * Documents by _id as views keyed by _id (absent and unviewable ones left out): point reads in
 * parallel, the one access path every MongoDB-compatible server indexes.
 */
export async function viewsById<D extends { _id: string }, V>(collection: mongo.Collection<D>, ids: readonly string[], toView: (doc: D) => V | null): Promise<Map<string, V>> {
  const docs = await Promise.all([...new Set(ids)].map((id) => collection.findOne({ _id: id } as mongo.Filter<D>)));
  const out = new Map<string, V>();
  for (const doc of docs) {
    const view = doc ? toView(doc as D) : null;
    if (view) out.set(doc!._id, view);
  }
  return out;
}
