import { canSeeComment, commentDecider, FeedNotFoundError, screeningOf, type CommentCommand, type ParentComment, type Viewer, type VisibilityFacts } from '@plein/feed/domain';
import { streamId, uuidv7 } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, newId, viewerOf, visiblePost, type FeedDependencies, type RequestContext } from '../context';
import { mentionDirectory } from '../mentions';
import { applyComposeRules, commentDeciderFor, recordScreening, ruleGroupOf } from '../moderation-rules/compose-rules';
import { assertNotRestricted } from '../restrictions/posting-restrictions';
import { checkPageSize, pageOf } from '../paging';
import type { CommentView, HiddenComments, Page } from '../ports';

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
    const screening = screeningOf(await applyComposeRules(this.deps.composeRules, ruleGroupOf(post.audience), input), () => uuidv7(this.deps.clock.now().getTime()));
    await assertNotRestricted(this.deps, ctx.caller.userId);
    const commentId = await newId(this.deps, 'feed.comment', ctx);
    const actor = await actorOf(this.deps, ctx.caller);
    const command: CommentCommand = {
      type: 'AddComment',
      commentId,
      actor,
      post: { postId, audience: post.audience, available: facts.moderationState === 'visible' && !facts.deleted },
      ...(parent ? { parent } : {}),
      body: input.body,
      mentions: await mentionDirectory(this.deps.readModels.users, input.body),
    };
    const metadata = metadataOf(ctx);
    await execute(this.deps, commentStream(commentId), commentDeciderFor(screening, postId), command, metadata);
    await recordScreening(this.deps, metadata, screening, { contentType: 'comment', contentId: commentId, postId, authorId: actor.userId, groupId: ruleGroupOf(post.audience), on: 'published' });
    return this.one(viewer, facts, commentId, post.acceptedAnswer?.commentId);
  }

  async edit(ctx: RequestContext, commentId: string, body: string): Promise<CommentRepresentation> {
    const { viewer, comment, facts, accepted } = await this.visibleComment(ctx, commentId);
    const screening = screeningOf(await applyComposeRules(this.deps.composeRules, ruleGroupOf(comment.audience), { body }), () => uuidv7(this.deps.clock.now().getTime()));
    const actor = await actorOf(this.deps, ctx.caller);
    const command: CommentCommand = { type: 'EditComment', commentId, actor, body, mentions: await mentionDirectory(this.deps.readModels.users, body) };
    const metadata = metadataOf(ctx);
    const edited = await execute(this.deps, commentStream(commentId), commentDeciderFor(screening, comment.postId), command, metadata);
    if (edited.events.length > 0 || edited.replayed) {
      await recordScreening(this.deps, metadata, screening, { contentType: 'comment', contentId: commentId, postId: comment.postId, authorId: actor.userId, groupId: ruleGroupOf(comment.audience), on: 'edited' });
    }
    return this.one(viewer, facts, commentId, accepted);
  }

  async delete(ctx: RequestContext, commentId: string): Promise<void> {
    const { viewer, comment } = await this.visibleComment(ctx, commentId);
    const groupRole = comment.audience.kind === 'group' ? viewer.groupMemberships.get(comment.audience.groupId) : undefined;
    const command: CommentCommand = { type: 'DeleteComment', commentId, actor: await actorOf(this.deps, ctx.caller), ...(groupRole ? { groupRole } : {}) };
    await execute(this.deps, commentStream(commentId), commentDecider, command, metadataOf(ctx));
  }

  /**
   * Comments the caller may see, filtered in the query (see CommentReadModel.commentsOf); the
   * policy runs on every row as well, and `next` is the last comment shown.
   */
  async list(ctx: RequestContext, postId: string, after: string | null, limit: number): Promise<Page<CommentRepresentation>> {
    checkPageSize(limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post, facts } = await visiblePost(this.deps, viewer, postId);
    // Sees every hidden comment exactly when the policy shows them a hidden comment by someone else.
    const seesAllHidden = canSeeComment(viewer, facts, { authorId: '', moderationState: 'hidden', deleted: false });
    const hidden: HiddenComments = seesAllHidden ? { kind: 'all' } : { kind: 'own', authorId: viewer.userId };
    const rows = await this.deps.readModels.comments.commentsOf(postId, after, limit + 1, hidden);
    const page = pageOf(rows, limit, (c) => c.commentId);
    const shown = page.items.filter((c) => canSeeComment(viewer, facts, commentFacts(c)));
    // Never a cursor at a comment the caller was not shown (the query and the policy agree, so this is the page's last).
    const next = page.next !== null && shown.length > 0 ? shown[shown.length - 1]!.commentId : null;
    return { items: shown.map((c) => represent(c, post.acceptedAnswer?.commentId)), next };
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
