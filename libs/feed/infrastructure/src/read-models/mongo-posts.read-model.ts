import { REACTION_KINDS, type ReactionKind } from '@plein/feed/contracts';
import type { CommentView, CommentReadModel, HiddenComments, PostReadModel, PostView } from '@plein/feed/application';
import type { CommentDocument, PostDocument } from '../projections/documents';
import { viewsById, type FeedCollections } from './collections';

export function toPostView(doc: PostDocument): PostView | null {
  return {
    postId: doc._id,
    authorId: doc.authorId,
    audience: doc.audience,
    kind: doc.kind,
    content: doc.content,
    callToAction: doc.callToAction,
    callToActionClosed: doc.callToActionClosed,
    ...(doc.jamId ? { jamId: doc.jamId } : {}),
    moderation: doc.moderation,
    ...(doc.status === 'deleted' && doc.deletedBy ? { deletedBy: doc.deletedBy } : {}),
    edits: doc.edits,
    acknowledgementRound: doc.acknowledgementRound,
    acceptedAnswer: doc.acceptedAnswer,
    ideaStatus: doc.ideaStatus,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toCommentView(doc: CommentDocument): CommentView | null {
  return {
    commentId: doc._id,
    postId: doc.postId,
    authorId: doc.authorId,
    parentCommentId: doc.parentCommentId,
    audience: doc.audience,
    body: doc.body,
    mentions: doc.mentions,
    moderation: doc.moderation,
    ...(doc.status === 'deleted' && doc.deletedBy ? { deletedBy: doc.deletedBy } : {}),
    createdAt: doc.createdAt,
    ...(doc.updatedAt !== doc.createdAt ? { editedAt: doc.updatedAt } : {}),
  };
}

/** Posts, their counters and reactions, read from the posts / comments / reactions projections. */
export class MongoPostReadModel implements PostReadModel, CommentReadModel {
  constructor(private readonly c: FeedCollections) {}

  async post(postId: string): Promise<PostView | null> {
    const doc = await (await this.c.of<PostDocument>('posts')).findOne({ _id: postId });
    return doc ? toPostView(doc) : null;
  }

  async posts(postIds: readonly string[]): Promise<Map<string, PostView>> {
    return viewsById(await this.c.of<PostDocument>('posts'), postIds, toPostView);
  }

  async commentCounts(postIds: readonly string[]): Promise<Map<string, number>> {
    if (postIds.length === 0) return new Map();
    const col = await this.c.of('comments');
    const rows = await col
      .aggregate<{ _id: string; n: number }>([{ $match: { postId: { $in: [...postIds] }, deleted: false, moderation: 'visible' } }, { $group: { _id: '$postId', n: { $sum: 1 } } }])
      .toArray();
    return new Map(rows.map((r) => [r._id, r.n]));
  }

  async reactionCounts(targetIds: readonly string[]): Promise<Map<string, Partial<Record<ReactionKind, number>>>> {
    if (targetIds.length === 0) return new Map();
    const col = await this.c.of('reactions');
    const rows = await col
      .aggregate<{ _id: { t: string; k: ReactionKind }; n: number }>([
        { $match: { targetId: { $in: [...targetIds] }, kind: { $in: [...REACTION_KINDS] } } },
        { $group: { _id: { t: '$targetId', k: '$kind' }, n: { $sum: 1 } } },
      ])
      .toArray();
    const out = new Map<string, Partial<Record<ReactionKind, number>>>();
    for (const r of rows) out.set(r._id.t, { ...out.get(r._id.t), [r._id.k]: r.n });
    return out;
  }

  async userReactions(userId: string, targetIds: readonly string[]): Promise<Map<string, ReactionKind>> {
    const out = new Map<string, ReactionKind>();
    if (targetIds.length === 0) return out;
    // One `$in` query of the reactions' ids (`<targetId>:<userId>`) for the whole page.
    const ids = [...new Set(targetIds)].map((t) => `${t}:${userId}`);
    const docs = await (await this.c.of<{ _id: string; targetId: string; kind: ReactionKind | null }>('reactions')).find({ _id: { $in: ids } }, { projection: { targetId: 1, kind: 1 } }).toArray();
    for (const d of docs) if (d.kind) out.set(d.targetId, d.kind);
    return out;
  }

  async reactionsOf(targetId: string, after: string | null, limit: number): Promise<{ userId: string; kind: ReactionKind }[]> {
    const col = await this.c.of<{ _id: string; userId: string; kind: ReactionKind | null }>('reactions');
    const filter: Record<string, unknown> = { targetId, kind: { $in: [...REACTION_KINDS] } };
    if (after) filter['userId'] = { $gt: after };
    const docs = await col.find(filter).sort({ userId: 1 }).limit(limit).toArray();
    return docs.map((d) => ({ userId: d.userId, kind: d.kind! }));
  }

  async comment(commentId: string): Promise<CommentView | null> {
    const doc = await (await this.c.of<CommentDocument>('comments')).findOne({ _id: commentId });
    return doc ? toCommentView(doc) : null;
  }

  async commentsOf(postId: string, after: string | null, limit: number, hidden: HiddenComments): Promise<CommentView[]> {
    const col = await this.c.of<CommentDocument>('comments');
    const filter: Record<string, unknown> = {
      postId,
      deleted: false,
      ...(hidden.kind === 'all' ? { moderation: { $in: ['visible', 'hidden'] } } : { $or: [{ moderation: 'visible' }, { moderation: 'hidden', authorId: hidden.authorId }] }),
    };
    if (after) filter['_id'] = { $gt: after };
    const docs = await col.find(filter).sort({ _id: 1 }).limit(limit).toArray();
    return docs.flatMap((d) => toCommentView(d) ?? []);
  }
}
