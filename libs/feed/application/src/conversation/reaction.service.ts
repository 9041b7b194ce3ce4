import type { ReactionKind } from '@plein/feed/contracts';
import { canSeeComment, FeedNotFoundError, reactionDecider, reactionId, type ReactionCommand, type ReactionTarget, type Viewer } from '@plein/feed/domain';
import { streamId } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, viewerOf, visiblePost, type FeedDependencies, type RequestContext } from '../context';
import { checkPageSize, pageOf } from '../paging';
import { commentFacts } from './comment.service';

export type TargetRef = { readonly targetType: 'post' | 'comment'; readonly targetId: string };

/** Reactions on visible posts and comments: one per person and target. */
export class ReactionService {
  constructor(private readonly deps: FeedDependencies) {}

  async react(ctx: RequestContext, ref: TargetRef, kind: string): Promise<{ kind: ReactionKind | null }> {
    const { target } = await this.target(ctx, ref);
    return this.run(ctx, { type: 'React', actor: await actorOf(this.deps, ctx.caller), target, kind });
  }

  async unreact(ctx: RequestContext, ref: TargetRef): Promise<void> {
    const { target } = await this.target(ctx, ref);
    await this.run(ctx, { type: 'Unreact', actor: await actorOf(this.deps, ctx.caller), target });
  }

  /** Who reacted how (only on content the caller can see). */
  async list(ctx: RequestContext, ref: TargetRef, after: string | null, limit: number): Promise<{ items: { userId: string; kind: ReactionKind }[]; next: string | null }> {
    checkPageSize(limit);
    await this.target(ctx, ref);
    const rows = await this.deps.readModels.posts.reactionsOf(ref.targetId, after, limit + 1);
    return pageOf(rows, limit, (r) => r.userId);
  }

  private async run(ctx: RequestContext, command: ReactionCommand): Promise<{ kind: ReactionKind | null }> {
    const id = reactionId(command.target.targetId, command.actor.userId);
    const result = await execute(this.deps, streamId('reaction', id), reactionDecider, command, metadataOf(ctx));
    return { kind: result.state.kind };
  }

  private async target(ctx: RequestContext, ref: TargetRef): Promise<{ viewer: Viewer; target: ReactionTarget }> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    if (ref.targetType === 'post') {
      const { post, facts } = await visiblePost(this.deps, viewer, ref.targetId);
      return { viewer, target: { targetType: 'post', targetId: ref.targetId, postId: ref.targetId, audience: post.audience, available: facts.moderationState === 'visible' } };
    }
    const comment = await this.deps.readModels.comments.comment(ref.targetId);
    if (!comment) throw new FeedNotFoundError('comment', ref.targetId);
    const { post, facts } = await visiblePost(this.deps, viewer, comment.postId).catch(() => {
      throw new FeedNotFoundError('comment', ref.targetId);
    });
    const cf = commentFacts(comment);
    if (!canSeeComment(viewer, facts, cf)) throw new FeedNotFoundError('comment', ref.targetId);
    const available = facts.moderationState === 'visible' && cf.moderationState === 'visible' && !cf.deleted;
    // The parent post's audience: a reaction on a comment is visible to whoever sees the post.
    return { viewer, target: { targetType: 'comment', targetId: ref.targetId, postId: comment.postId, audience: post.audience, available } };
  }
}
