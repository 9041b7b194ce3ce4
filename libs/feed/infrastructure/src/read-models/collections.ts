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

/** Ids per `$in` query of a batched lookup. */
export const IDS_PER_QUERY = 1_000;

/**
 * Documents by _id as views keyed by _id (absent and unviewable ones left out): one `$in` query
 * per 1,000 ids (one round trip for a page), not one read per id. MongoDB answers it from the
 * `_id` index; FerretDB 1.x filters `$in` itself, which is correct but scans.
 */
export async function viewsById<D extends { _id: string }, V>(collection: mongo.Collection<D>, ids: readonly string[], toView: (doc: D) => V | null): Promise<Map<string, V>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, V>();
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const docs = await collection.find({ _id: { $in: unique.slice(i, i + IDS_PER_QUERY) } } as mongo.Filter<D>).toArray();
    for (const doc of docs) {
      const view = toView(doc as D);
      if (view) out.set(doc._id, view);
    }
  }
  return out;
}
