import { timelineEntry, type TimelineEntry } from '@plein/feed/domain';
import type { HomeTimelineStore } from '@plein/feed/application';
import { compositeRowId } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

export interface HomeEntryDoc {
  _id: string;
  ownerId: string;
  postId: string;
  authorId?: string;
  createdAt: number;
}
interface OwnerDoc {
  _id: string;
  lastReadAt?: Date;
  builtAt?: Date;
}
interface LargeDoc {
  _id: string;
  large: boolean;
}

export interface HomeTimelineCollections {
  /** The active (or, in a projection's apply, the projected) version of `feed_home_timeline_v<N>`. */
  readonly entries: () => Promise<mongo.Collection<HomeEntryDoc>>;
  /** `feed_timeline_owners`: when each owner last read (fan-out skips the inactive). */
  readonly owners: mongo.Collection<OwnerDoc>;
  /** `feed_fanout_sources`: audiences too large to fan out. */
  readonly large: mongo.Collection<LargeDoc>;
}

const DUPLICATE = 11000;
/** Owners looked up per `$in` query when fan-out filters the active readers (≤ 450 KB of ids). */
const OWNER_CHUNK = 10_000;

/**
 * Fan-out-on-write home timelines: one row per (owner, post) with the deterministic id
 * `${ownerId}:${postId}`, so a redelivered post inserts nothing twice. Rows are only inserted
 * and deleted (never updated), so concurrent fan-out writers never touch the same document.
 */
export class MongoHomeTimelineStore implements HomeTimelineStore {
  constructor(
    private readonly c: HomeTimelineCollections,
    private readonly cap = 800,
  ) {}

  /**
   * Fan-out writes only insert: the cap is enforced lazily, when the owner reads (see
   * HomeTimelineService: at most hourly per reader) and after a rebuild, so a post to N readers
   * costs one `insertMany` and no per-owner trim queries.
   */
  async add(ownerIds: readonly string[], entry: TimelineEntry & { readonly authorId: string }): Promise<void> {
    const col = await this.c.entries();
    const docs = ownerIds.map((ownerId) => ({ _id: compositeRowId(ownerId, entry.postId), ownerId, postId: entry.postId, authorId: entry.authorId, createdAt: entry.createdAt }));
    await insertIgnoringDuplicates(col, docs);
  }

  async addMany(ownerId: string, entries: readonly TimelineEntry[]): Promise<void> {
    const col = await this.c.entries();
    await insertIgnoringDuplicates(col, entries.map((e) => ({ _id: compositeRowId(ownerId, e.postId), ownerId, postId: e.postId, createdAt: e.createdAt })));
    await this.trim(ownerId, this.cap);
  }

  async read(ownerId: string, before: string | null, limit: number): Promise<TimelineEntry[]> {
    const col = await this.c.entries();
    const filter: mongo.Filter<HomeEntryDoc> = { ownerId, ...(before ? { postId: { $lt: before } } : {}) };
    const docs = await col.find(filter, { projection: { postId: 1 } }).sort({ postId: -1 }).limit(limit).toArray();
    return docs.map((d) => timelineEntry(d.postId));
  }

  async removePost(postId: string): Promise<void> {
    await (await this.c.entries()).deleteMany({ postId });
  }

  async trim(ownerId: string, cap: number): Promise<void> {
    const col = await this.c.entries();
    const [oldestKept] = await col.find({ ownerId }, { projection: { postId: 1 } }).sort({ postId: -1 }).skip(cap - 1).limit(1).toArray();
    if (oldestKept) await col.deleteMany({ ownerId, postId: { $lt: oldestKept.postId } });
  }

  async owner(ownerId: string): Promise<{ lastReadAt: Date | null; builtAt: Date | null } | null> {
    const d = await this.c.owners.findOne({ _id: ownerId });
    return d ? { lastReadAt: d.lastReadAt ?? null, builtAt: d.builtAt ?? null } : null;
  }

  async touch(ownerId: string, at: Date, built: boolean): Promise<void> {
    // $set only: concurrent touches of one reader write equivalent values (ADR 0005).
    await this.c.owners.updateOne({ _id: ownerId }, { $set: { lastReadAt: at, ...(built ? { builtAt: at } : {}) } }, { upsert: true }).catch((error: unknown) => {
      if ((error as { code?: number }).code !== DUPLICATE) throw error;
    });
  }

  /** One `$in` query per 10,000 owners (the `_id` index on MongoDB), not one read per owner. */
  async activeOwners(ownerIds: readonly string[], since: Date): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ownerIds.length; i += OWNER_CHUNK) {
      const chunk = ownerIds.slice(i, i + OWNER_CHUNK);
      const docs = await this.c.owners.find({ _id: { $in: chunk }, lastReadAt: { $gte: since } }, { projection: { _id: 1 } }).toArray();
      for (const d of docs) out.add(d._id);
    }
    return out;
  }

  async markLarge(sourceKey: string, large: boolean): Promise<void> {
    const current = await this.c.large.findOne({ _id: sourceKey });
    if ((current?.large ?? false) === large) return;
    await this.c.large.updateOne({ _id: sourceKey }, { $set: { large } }, { upsert: true }).catch((error: unknown) => {
      if ((error as { code?: number }).code !== DUPLICATE) throw error;
    });
  }

  /** One `$in` query per 10,000 keys, not one read per followed source. */
  async largeSources(sourceKeys: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < sourceKeys.length; i += OWNER_CHUNK) {
      const docs = await this.c.large.find({ _id: { $in: sourceKeys.slice(i, i + OWNER_CHUNK) }, large: true }, { projection: { _id: 1 } }).toArray();
      for (const d of docs) out.add(d._id);
    }
    return out;
  }
}

async function insertIgnoringDuplicates(col: mongo.Collection<HomeEntryDoc>, docs: HomeEntryDoc[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await col.insertMany(docs, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || list.some((e) => e.code !== DUPLICATE)) throw error;
  }
}
