import { canSeeComment, commentDecider, FeedNotFoundError, type CommentCommand, type ParentComment, type Viewer, type VisibilityFacts } from '@plein/feed/domain';
import { streamId } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, newId, viewerOf, visiblePost, type FeedDependencies, type RequestContext } from '../context';
import { mentionDirectory } from '../mentions';
import type { CommentView, Page } from '../ports';

export interface CommentRepresentation {
  readonly id: string;
  readonly postId: string;
  readonly authorId: string;
  readonly parentCommentId: string | null;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly notice: 'hidden-by-moderation' | null;
  readonly accepted: boolean;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

const commentStream = (commentId: string): string => streamId('comment', commentId);

/** Comments (one level of replies) on posts the caller can see; they inherit the post's audience. */
export class CommentService {
  constructor(private readonly deps: FeedDependencies) {}

  async add(ctx: RequestContext, postId: string, input: { body: string; parentCommentId?: string }): Promise<CommentRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post, facts } = await visiblePost(this.deps, viewer, postId);
    let parent: ParentComment | undefined;
    if (input.parentCommentId) {
      const found = await this.deps.readModels.comments.comment(input.parentCommentId);
      if (!found || found.postId !== postId || !canSeeComment(viewer, facts, commentFacts(found))) throw new FeedNotFoundError('comment', input.parentCommentId);
      parent = { commentId: found.commentId, postId: found.postId, parentCommentId: found.parentCommentId, available: found.deletedBy === undefined && found.moderation === 'visible' };
    }
    const commentId = await newId(this.deps, 'feed.comment', ctx);
    const command: CommentCommand = {
      type: 'AddComment',
      commentId,
      actor: await actorOf(this.deps, ctx.caller),
      post: { postId, audience: post.audience, available: facts.moderationState === 'visible' && !facts.deleted },
      ...(parent ? { parent } : {}),
      body: input.body,
      mentions: await mentionDirectory(this.deps.readModels.users, input.body),
    };
    await execute(this.deps, commentStream(commentId), commentDecider, command, metadataOf(ctx));
    return this.one(viewer, facts, commentId, post.acceptedAnswer?.commentId);
  }

  async edit(ctx: RequestContext, commentId: string, body: string): Promise<CommentRepresentation> {
    const { viewer, facts, accepted } = await this.visibleComment(ctx, commentId);
    const command: CommentCommand = { type: 'EditComment', commentId, actor: await actorOf(this.deps, ctx.caller), body, mentions: await mentionDirectory(this.deps.readModels.users, body) };
    await execute(this.deps, commentStream(commentId), commentDecider, command, metadataOf(ctx));
    return this.one(viewer, facts, commentId, accepted);
  }

  async delete(ctx: RequestContext, commentId: string): Promise<void> {
    const { viewer, comment } = await this.visibleComment(ctx, commentId);
    const groupRole = comment.audience.kind === 'group' ? viewer.groupMemberships.get(comment.audience.groupId) : undefined;
    const command: CommentCommand = { type: 'DeleteComment', commentId, actor: await actorOf(this.deps, ctx.caller), ...(groupRole ? { groupRole } : {}) };
    await execute(this.deps, commentStream(commentId), commentDecider, command, metadataOf(ctx));
  }

  async list(ctx: RequestContext, postId: string, after: string | null, limit: number): Promise<Page<CommentRepresentation>> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post, facts } = await visiblePost(this.deps, viewer, postId);
    const items: CommentRepresentation[] = [];
    let cursor = after;
    // Invisible comments are skipped (the cursor moves past them); read on until the page is full.
    for (let round = 0; round < 10; round++) {
      const batch = await this.deps.readModels.comments.commentsOf(postId, cursor, limit);
      for (const c of batch) {
        cursor = c.commentId;
        if (canSeeComment(viewer, facts, commentFacts(c))) items.push(represent(c, post.acceptedAnswer?.commentId));
        if (items.length === limit) return { items, next: cursor };
      }
      if (batch.length < limit) return { items, next: null };
    }
    return { items, next: cursor };
  }

  private async visibleComment(ctx: RequestContext, commentId: string) {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const comment = await this.deps.readModels.comments.comment(commentId);
    if (!comment) throw new FeedNotFoundError('comment', commentId);
    const { post, facts } = await visiblePost(this.deps, viewer, comment.postId).catch(() => {
      throw new FeedNotFoundError('comment', commentId);
    });
    if (!canSeeComment(viewer, facts, commentFacts(comment))) throw new FeedNotFoundError('comment', commentId);
    return { viewer, comment, facts, accepted: post.acceptedAnswer?.commentId };
  }

  private async one(viewer: Viewer, facts: VisibilityFacts, commentId: string, acceptedId: string | undefined): Promise<CommentRepresentation> {
    const comment = await this.deps.readModels.comments.comment(commentId);
    if (!comment || !canSeeComment(viewer, facts, commentFacts(comment))) throw new FeedNotFoundError('comment', commentId);
    return represent(comment, acceptedId);
  }
}

export const commentFacts = (c: CommentView) => ({
  authorId: c.authorId,
  moderationState: c.deletedBy === 'moderation' ? ('removed' as const) : c.moderation,
  deleted: c.deletedBy !== undefined && c.deletedBy !== 'moderation',
});

function represent(c: CommentView, acceptedId: string | undefined): CommentRepresentation {
  return {
    id: c.commentId,
    postId: c.postId,
    authorId: c.authorId,
    parentCommentId: c.parentCommentId,
    body: c.body,
    mentions: c.mentions,
    notice: c.moderation === 'hidden' ? 'hidden-by-moderation' : null,
    accepted: acceptedId === c.commentId,
    createdAt: c.createdAt,
    editedAt: c.editedAt ?? null,
  };
}
