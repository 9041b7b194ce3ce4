import type { FollowTarget } from '@plein/feed/contracts';
import { canSeeGroup, canSeeGroupContent, FeedNotFoundError, followDecider, followId, normaliseFollowTarget, type FollowCommand } from '@plein/feed/domain';
import { streamId, ValidationError } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, viewerOf, type FeedDependencies, type RequestContext } from '../context';
import { checkPageSize, MAX_PAGE_SIZE, pageOf } from '../paging';
import { followTargetKey, type Page } from '../ports';

/** Follow a person, a group whose content one can see, or a hashtag. */
export class FollowService {
  constructor(private readonly deps: FeedDependencies) {}

  async follow(ctx: RequestContext, target: FollowTarget): Promise<{ following: boolean }> {
    const normalised = normaliseFollowTarget(target);
    const targetVisible = await this.visible(ctx, normalised);
    return this.run(ctx, { type: 'Follow', actor: await actorOf(this.deps, ctx.caller), target: normalised, targetVisible });
  }

  async unfollow(ctx: RequestContext, target: FollowTarget): Promise<{ following: boolean }> {
    return this.run(ctx, { type: 'Unfollow', actor: await actorOf(this.deps, ctx.caller), target: normaliseFollowTarget(target) });
  }

  /** What the caller follows, by target key (`after`: the `next` of the previous page, a target key). */
  async list(ctx: RequestContext, after: string | null = null, limit = MAX_PAGE_SIZE): Promise<Page<FollowTarget>> {
    checkPageSize(limit);
    if (after !== null && after.length > 1_000) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'query.after', message: 'is not a cursor this service issued' }]);
    const rows = await this.deps.readModels.follows.follows(ctx.caller.userId, after, limit + 1);
    return pageOf(rows, limit, followTargetKey);
  }

  private async run(ctx: RequestContext, command: FollowCommand): Promise<{ following: boolean }> {
    const id = followId(command.actor.userId, command.target);
    const result = await execute(this.deps, streamId('follow', id), followDecider, command, metadataOf(ctx));
    return { following: result.state.following };
  }

  /**
   * Checked before the command reads its stream. A person must be known to the feed and active, a
   * group visible to the caller: else not-found (404), one answer for every missing target. True
   * when the group's content is visible too (a closed group's non-member gets the decider's 400).
   */
  private async visible(ctx: RequestContext, target: FollowTarget): Promise<boolean> {
    if (target.kind === 'hashtag') return true;
    if (target.kind === 'person') {
      const user = await this.deps.readModels.users.user(target.userId);
      if (!user || !user.active) throw new FeedNotFoundError('person', target.userId);
      return true;
    }
    const viewer = await viewerOf(this.deps, ctx.caller);
    const group = await this.deps.readModels.groups.group(target.groupId);
    if (!group || !canSeeGroup(viewer, group)) throw new FeedNotFoundError('group', target.groupId);
    return canSeeGroupContent(viewer, group);
  }
}
