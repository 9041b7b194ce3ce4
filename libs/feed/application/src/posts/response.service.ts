import { FeedForbiddenError, isAdmin, responseDecider, responseId, type CallToActionView, type ResponseCommand } from '@plein/feed/domain';
import { streamId } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, viewerOf, visiblePost, type FeedDependencies, type RequestContext } from '../context';
import type { PostView } from '../ports';
import type { PostRepresentation } from './post-view';
import { PostService } from './post.service';

export interface AcknowledgementList {
  readonly round: number;
  readonly people: { readonly userId: string; readonly acknowledged: boolean; readonly acknowledgedAt: string | null }[];
  readonly next: string | null;
}

/**
 * Responses to a post's call to action (acknowledge, sign up, withdraw, vote): one small
 * aggregate per person and post. Visibility first (FEED.POST_NOT_FOUND), then the decider.
 */
export class ResponseService {
  private readonly posts: PostService;
  constructor(private readonly deps: FeedDependencies) {
    this.posts = new PostService(deps);
  }

  acknowledge(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    return this.respond(ctx, postId, (base) => ({ type: 'Acknowledge', ...base }));
  }

  async signUp(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    const registered = await this.deps.readModels.responses.registeredCount(postId);
    return this.respond(ctx, postId, (base) => ({ type: 'SignUp', registered, ...base }));
  }

  withdraw(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    return this.respond(ctx, postId, (base) => ({ type: 'WithdrawSignUp', ...base }));
  }

  vote(ctx: RequestContext, postId: string, optionIds: readonly string[]): Promise<PostRepresentation> {
    return this.respond(ctx, postId, (base) => ({ type: 'Vote', optionIds, ...base }));
  }

  /**
   * Who has and who has not acknowledged the current round: the author and admins only (others
   * get FEED.NOT_PERMITTED; people who cannot see the post get not-found). Pages through the
   * post's audience by user id.
   */
  async acknowledgements(ctx: RequestContext, postId: string, after: string | null, limit: number): Promise<AcknowledgementList> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    if (post.authorId !== viewer.userId && !isAdmin(viewer)) throw new FeedForbiddenError('FEED.NOT_PERMITTED', 'Only the author and admins see who acknowledged');
    const audience = await this.audiencePage(post, after, limit);
    const acknowledged = await this.deps.readModels.responses.acknowledgedAmong(postId, post.acknowledgementRound, audience);
    return {
      round: post.acknowledgementRound,
      people: audience.map((userId) => ({ userId, acknowledged: acknowledged.has(userId), acknowledgedAt: acknowledged.get(userId) ?? null })),
      next: audience.length === limit ? audience[audience.length - 1]! : null,
    };
  }

  /** Sign-up list in registration order; places beyond the capacity are the waiting list. */
  async registrations(ctx: RequestContext, postId: string): Promise<{ userId: string; registeredAt: string; waitingList: boolean }[]> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    const capacity = post.callToAction.kind === 'sign-up' ? (post.callToAction.capacity ?? Infinity) : Infinity;
    const list = await this.deps.readModels.responses.registrations(postId);
    return list.map((r, k) => ({ ...r, waitingList: k >= capacity }));
  }

  private async audiencePage(post: PostView, after: string | null, limit: number): Promise<string[]> {
    const rm = this.deps.readModels;
    switch (post.audience.kind) {
      case 'organisation':
        return rm.users.activeUsers(after, limit);
      case 'group':
        return (await rm.groups.members(post.audience.groupId, after, limit, 'member')).map((m) => m.userId);
      case 'followers': {
        const followers = await rm.follows.followers({ kind: 'person', userId: post.authorId }, after, limit);
        return followers;
      }
    }
  }

  private async respond(
    ctx: RequestContext,
    postId: string,
    command: (base: { actor: ResponseCommand['actor']; post: CallToActionView; now: Date }) => ResponseCommand,
  ): Promise<PostRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post, facts } = await visiblePost(this.deps, viewer, postId);
    const view: CallToActionView = {
      postId,
      authorId: post.authorId,
      callToAction: post.callToAction,
      acknowledgementRound: post.acknowledgementRound,
      closed: post.callToActionClosed,
      available: facts.moderationState === 'visible' && !facts.deleted,
    };
    const actor = await actorOf(this.deps, ctx.caller);
    const decided = command({ actor, post: view, now: this.deps.clock.now() });
    await execute(this.deps, streamId('response', responseId(postId, actor.userId)), responseDecider, decided, metadataOf(ctx));
    return this.posts.get(ctx, postId, viewer);
  }
}
