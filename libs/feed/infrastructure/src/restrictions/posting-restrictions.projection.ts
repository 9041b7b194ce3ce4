import type { PostingRestrictions } from '@plein/feed/application';
import type { PostingRestriction } from '@plein/feed/domain';
import type { AppealDecidedV1, DecisionTakenV1 } from '@plein/moderation/contracts';
import type { Clock, EventEnvelope } from '@plein/shared/kernel';
import { defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

export const POSTING_RESTRICTIONS_PROJECTION = 'posting-restrictions';
export const POSTING_RESTRICTIONS_VERSION = 1;
/** Restrictions one author's check reads at most (a person is rarely restricted more than once at a time). */
const PER_AUTHOR_BOUND = 50;

/** One `restrict` decision (`_id`: its decision id). */
export interface PostingRestrictionDocument {
  _id: string;
  authorId: string;
  until: Date;
  /** An appeal overturned it. */
  lifted: boolean;
  /** The case (`<type>:<id>`) the decision is about. */
  caseKey: string;
  decidedAt: string;
}

/**
 * Applies one event of moderation's decision topic. Each write is idempotent and independent of
 * the events of other cases: a `restrict` decision is inserted once by its decision id
 * (`$setOnInsert`, so a redelivery changes nothing, also after a lift); an overturned appeal lifts
 * its decision (an appeal follows its decision on the same partition, so the decision is there).
 */
export async function applyRestrictionEvent(collection: mongo.Collection<PostingRestrictionDocument>, envelope: EventEnvelope): Promise<void> {
  if (envelope.type === 'moderation.decision.taken') {
    const d = envelope.data as DecisionTakenV1;
    if (d.kind !== 'restrict' || !d.restrictedUntil) return;
    await collection.updateOne(
      { _id: d.decisionId },
      { $setOnInsert: { authorId: d.authorId, until: new Date(d.restrictedUntil), lifted: false, caseKey: envelope.aggregateId, decidedAt: envelope.occurredAt } },
      { upsert: true },
    );
  } else if (envelope.type === 'moderation.decision.appeal-decided') {
    const d = envelope.data as AppealDecidedV1;
    if (d.outcome === 'overturned') await collection.updateOne({ _id: d.decisionId }, { $set: { lifted: true } });
  }
}

/**
 * The feed's copy of moderation's posting restrictions (moderation.decision.events.v1, `restrict`
 * decisions and overturned appeals). Like the compose-time rules, its events live in moderation's
 * store, so a new version is fed from the decision topic's beginning, not by the rebuild command.
 */
export const postingRestrictionsProjection = (decisionTopic: string, version = POSTING_RESTRICTIONS_VERSION): ProjectionDefinition =>
  defineProjection({
    name: POSTING_RESTRICTIONS_PROJECTION,
    version,
    topics: [decisionTopic],
    aggregateTypes: ['decision'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ authorId: 1, until: -1 });
      await ctx.collection.createIndex({ until: 1 });
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyRestrictionEvent(ctx.collection as unknown as mongo.Collection<PostingRestrictionDocument>, envelope);
    },
  });

/** Running restrictions one snapshot holds; beyond it, each check reads its author's own. */
const SNAPSHOT_BOUND = 10_000;
/** How long a snapshot of the running restrictions serves before the next check reloads it. */
export const RESTRICTIONS_REFRESH_MS = 5_000;

interface Snapshot {
  readonly loadedAt: number;
  /** Null when there were more than SNAPSHOT_BOUND: read per author then. */
  readonly byAuthor: ReadonlyMap<string, readonly PostingRestriction[]> | null;
}

/**
 * The running restrictions, read for the publish path without a round trip per post: one query
 * loads every restriction still running (few: a restriction is rare), kept for
 * RESTRICTIONS_REFRESH_MS, so a new restriction or a lift applies within that time after the
 * projection has it; an end applies exactly, as the check compares `until` with its clock. With more
 * than SNAPSHOT_BOUND running restrictions it reads the author's own (one indexed query, bounded).
 */
export class MongoPostingRestrictions implements PostingRestrictions {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;

  constructor(
    private readonly collection: () => Promise<mongo.Collection<PostingRestrictionDocument>>,
    private readonly clock: Clock,
    private readonly refreshMs = RESTRICTIONS_REFRESH_MS,
    private readonly snapshotBound = SNAPSHOT_BOUND,
  ) {}

  async of(authorId: string, now: Date): Promise<readonly PostingRestriction[]> {
    const snapshot = await this.current();
    if (snapshot.byAuthor) return snapshot.byAuthor.get(authorId) ?? [];
    const docs = await (await this.collection()).find({ authorId, until: { $gt: now }, lifted: false }, { projection: { until: 1, lifted: 1 } }).sort({ until: -1 }).limit(PER_AUTHOR_BOUND).toArray();
    return docs.map((d) => ({ until: d.until.toISOString(), lifted: d.lifted }));
  }

  private current(): Promise<Snapshot> {
    if (this.snapshot && performance.now() - this.snapshot.loadedAt < this.refreshMs) return Promise.resolve(this.snapshot);
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const loadedAt = performance.now();
    const docs = await (await this.collection())
      .find({ until: { $gt: this.clock.now() }, lifted: false }, { projection: { authorId: 1, until: 1, lifted: 1 } })
      .limit(this.snapshotBound + 1)
      .toArray();
    let byAuthor: Map<string, PostingRestriction[]> | null = null;
    if (docs.length <= this.snapshotBound) {
      byAuthor = new Map();
      for (const d of docs) byAuthor.set(d.authorId, [...(byAuthor.get(d.authorId) ?? []), { until: d.until.toISOString(), lifted: d.lifted }]);
    }
    this.snapshot = { loadedAt, byAuthor };
    return this.snapshot;
  }
}
