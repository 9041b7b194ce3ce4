import type { ContentScreenedV1 } from '@plein/feed/contracts';
import type { ScreeningItem, ScreeningReadModel, ScreeningStatus } from '@plein/moderation/application';
import type { ApprovalDecidedV1 } from '@plein/moderation/contracts';
import type { ModeratorScope } from '@plein/moderation/domain';
import type { ReadYourWrites } from '@plein/shared/event-sourcing';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, SequenceGapError, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import { decodeCursor, encodeCursor } from '../read-models/cursor';
import type { ModerationCollections } from '../read-models/mongo-read-models';

export const SCREENINGS_PROJECTION = 'screenings';
export const SCREENINGS_VERSION = 1;

/** One screened post or comment (`_id`: `<contentType>:<contentId>`): its latest screening and the answer to it. */
export interface ScreeningDocument {
  _id: string;
  /** Sequence guards: the feed's screening stream and moderation's approval stream of this content. */
  screeningSequence?: number;
  approvalSequence?: number;
  contentType?: 'post' | 'comment';
  contentId?: string;
  postId?: string;
  authorId?: string;
  groupId?: string | null;
  action?: ContentScreenedV1['action'];
  held?: boolean;
  on?: ContentScreenedV1['on'];
  rules?: ContentScreenedV1['rules'];
  screenedAt?: string;
  status?: ScreeningStatus;
  /** The screening sequence the status answers (an older answer does not settle a newer screening). */
  decidedSequence?: number;
  decidedStatus?: 'approved' | 'rejected';
  decidedBy?: string | null;
}

/** Applies one event (a feed screening or a moderation approval) to its content's document, each under its own sequence guard. */
export async function applyScreeningEvent(collection: mongo.Collection<ScreeningDocument>, envelope: EventEnvelope): Promise<void> {
  if (envelope.type === 'feed.screening.recorded') {
    const d = envelope.data as ContentScreenedV1;
    const docId = `${d.contentType}:${d.contentId}`;
    await applyInSequence(
      collection as never,
      docId,
      envelope.sequence,
      { $set: { contentType: d.contentType, contentId: d.contentId, postId: d.postId, authorId: d.authorId, groupId: d.groupId, action: d.action, held: d.held, on: d.on, rules: d.rules, screenedAt: envelope.occurredAt, status: 'pending', decidedBy: null } },
      { sequenceField: 'screeningSequence' },
    );
    // An answer that was applied first (replays read the two topics in no common order) still settles it.
    const doc = await collection.findOne({ _id: docId });
    if (doc?.decidedStatus && (doc.decidedSequence ?? 0) >= envelope.sequence && doc.screeningSequence === envelope.sequence) {
      await collection.updateOne({ _id: docId, screeningSequence: envelope.sequence }, { $set: { status: doc.decidedStatus, held: false } });
    }
    return;
  }
  if (envelope.type === 'moderation.approval.approved' || envelope.type === 'moderation.approval.rejected') {
    const d = envelope.data as ApprovalDecidedV1;
    const status: ScreeningStatus = envelope.type === 'moderation.approval.approved' ? 'approved' : 'rejected';
    await applyInSequence(collection as never, envelope.aggregateId, envelope.sequence, { $set: { decidedSequence: d.screeningSequence, decidedStatus: status, decidedBy: d.moderatorId } }, { sequenceField: 'approvalSequence' });
    await collection.updateOne({ _id: envelope.aggregateId, screeningSequence: { $lte: d.screeningSequence } } as mongo.Filter<ScreeningDocument>, { $set: { status, held: false } });
  }
}

/**
 * Screened content for moderators: feed.screening.recorded (feed.screening.events.v1) and
 * moderation's own approvals (moderation.approval.events.v1), one document per post or comment.
 */
export const screeningsProjection = (topics: { readonly screening: string; readonly approval: string }, version = SCREENINGS_VERSION): ProjectionDefinition =>
  defineProjection({
    name: SCREENINGS_PROJECTION,
    version,
    topics: [topics.screening, topics.approval],
    aggregateTypes: ['screening', 'approval'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ status: 1, screenedAt: 1, _id: 1 });
      await ctx.collection.createIndex({ groupId: 1, status: 1, screenedAt: 1, _id: 1 });
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyScreeningEvent(ctx.collection as unknown as mongo.Collection<ScreeningDocument>, envelope);
    },
  });

/**
 * Flagged content (published, its latest screening a flag) is a case in the review queue, not a
 * screening: it is neither listed nor decided here. Held content is.
 */
const toItem = (doc: ScreeningDocument): ScreeningItem | null =>
  doc.action !== 'flag' && doc.contentType && doc.contentId && doc.postId && doc.authorId && doc.action && doc.on && doc.screenedAt && doc.screeningSequence
    ? {
        contentType: doc.contentType,
        contentId: doc.contentId,
        postId: doc.postId,
        authorId: doc.authorId,
        groupId: doc.groupId ?? null,
        action: doc.action,
        held: doc.held === true && doc.status === 'pending',
        on: doc.on,
        rules: doc.rules ?? [],
        screenedAt: doc.screenedAt,
        screeningSequence: doc.screeningSequence,
        status: doc.status ?? 'pending',
        decidedBy: doc.decidedBy ?? null,
      }
    : null;

export class MongoScreeningReadModel implements ScreeningReadModel {
  constructor(private readonly collections: ModerationCollections) {}
  private collection = () => this.collections.of<ScreeningDocument>(SCREENINGS_PROJECTION);

  async item(contentType: 'post' | 'comment', contentId: string): Promise<ScreeningItem | null> {
    const doc = await (await this.collection()).findOne({ _id: `${contentType}:${contentId}` });
    return doc ? toItem(doc) : null;
  }

  async list(scope: Exclude<ModeratorScope, { kind: 'none' }>, filter: { readonly status: ScreeningStatus; readonly groupId?: string }, page: { readonly cursor?: string; readonly limit: number }) {
    const after = decodeCursor(page.cursor, ['string', 'string'] as const);
    const query: mongo.Filter<ScreeningDocument> = { status: filter.status, screenedAt: { $exists: true }, action: { $ne: 'flag' } };
    // A group outside the moderator's scope has nothing for them (as if it had no screened content).
    if (scope.kind === 'groups' && filter.groupId && !scope.groupIds.includes(filter.groupId)) return { items: [], nextCursor: null };
    if (filter.groupId) query.groupId = filter.groupId;
    else if (scope.kind === 'groups') query.groupId = { $in: [...scope.groupIds] };
    if (after) Object.assign(query, { $or: [{ screenedAt: { $gt: after[0] } }, { screenedAt: after[0], _id: { $gt: after[1] } }] });
    const docs = await (await this.collection()).find(query).sort({ screenedAt: 1, _id: 1 }).limit(page.limit + 1).toArray();
    const items = docs.slice(0, page.limit).flatMap((d) => toItem(d) ?? []);
    const last = docs[page.limit - 1];
    return { items, nextCursor: docs.length > page.limit && last ? encodeCursor([last.screenedAt!, last._id]) : null };
  }
}

/** Applies a decision's approval events to the screenings read model at once (the Kafka projection applies them again: no-ops). */
export class ScreeningReadYourWrites implements ReadYourWrites {
  constructor(private readonly collections: ModerationCollections) {}
  async project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'> {
    const collection = await this.collections.of<ScreeningDocument>(SCREENINGS_PROJECTION);
    for (const envelope of events) {
      try {
        await applyScreeningEvent(collection, envelope);
      } catch (error) {
        if (error instanceof SequenceGapError) return 'gap';
        throw error;
      }
    }
    return 'applied';
  }
}
