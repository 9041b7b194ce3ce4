import { Controller, UseGuards } from '@nestjs/common';
import type { FollowTarget } from '@plein/feed/contracts';
import { FollowService, GroupService, HomeTimelineService, type RequestContext } from '@plein/feed/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { isUuid, ValidationError } from '@plein/shared/kernel';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import * as R from './routes';

/** Groups and memberships; secret groups answer 404 FEED.GROUP_NOT_FOUND to non-members. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class GroupsController {
  constructor(
    private readonly groups: GroupService,
    private readonly timeline: HomeTimelineService,
  ) {}

  @Endpoint(R.CREATE_GROUP)
  create(@PlatformCtx() ctx: RequestContext, @RequestInput() { body }: InputOf<typeof R.CREATE_GROUP>) {
    return this.groups.create(ctx, { name: body.name, ...(body.description !== undefined ? { description: body.description } : {}), visibility: body.visibility });
  }

  @Endpoint(R.LIST_GROUPS)
  list(@PlatformCtx() ctx: RequestContext, @RequestInput() { query }: InputOf<typeof R.LIST_GROUPS>) {
    return this.groups.list(ctx, query.after ?? null, query.limit);
  }

  @Endpoint(R.GET_GROUP)
  get(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.GET_GROUP>) {
    return this.groups.get(ctx, params.groupId);
  }

  @Endpoint(R.CHANGE_GROUP)
  change(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.CHANGE_GROUP>) {
    const { name, description, visibility } = body;
    return this.groups.change(ctx, params.groupId, { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), ...(visibility ? { visibility } : {}) });
  }

  @Endpoint(R.GROUP_POSTS)
  posts(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.GROUP_POSTS>) {
    return this.timeline.list(ctx, { kind: 'group', groupId: params.groupId }, query.cursor || null, query.limit);
  }

  @Endpoint(R.JOIN_GROUP)
  join(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.JOIN_GROUP>) {
    return this.groups.join(ctx, params.groupId, body.message);
  }

  @Endpoint(R.LEAVE_GROUP)
  async leave(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.LEAVE_GROUP>): Promise<void> {
    await this.groups.leave(ctx, params.groupId);
  }

  @Endpoint(R.GROUP_MEMBERS)
  members(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.GROUP_MEMBERS>) {
    return this.groups.members(ctx, params.groupId, query.after ?? null, query.limit, query.status);
  }

  @Endpoint(R.MANAGE_MEMBER)
  async manage(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.MANAGE_MEMBER>) {
    const { groupId, userId, action } = params;
    const membership = await this.groups.manage(ctx, groupId, userId, action, { ...(body.role ? { role: body.role } : {}), ...(body.note !== undefined ? { note: body.note } : {}) });
    return membership ?? { groupId, userId, status: 'none' };
  }
}

/** Follows of people, groups and hashtags (they shape the home timeline). */
@Controller()
@UseGuards(PlatformAuthGuard)
export class FollowsController {
  constructor(private readonly follows: FollowService) {}

  @Endpoint(R.LIST_FOLLOWS)
  list(@PlatformCtx() ctx: RequestContext, @RequestInput() { query }: InputOf<typeof R.LIST_FOLLOWS>) {
    return this.follows.list(ctx, query.after ?? null, query.limit);
  }

  @Endpoint(R.FOLLOW)
  follow(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.FOLLOW>) {
    return this.follows.follow(ctx, target(params));
  }

  @Endpoint(R.UNFOLLOW)
  unfollow(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.UNFOLLOW>) {
    return this.follows.unfollow(ctx, target(params));
  }
}

/** A person or group key must be a UUID; a hashtag is the domain's to check. */
function target({ kind, key }: InputOf<typeof R.FOLLOW>['params']): FollowTarget {
  if (kind === 'hashtag') return { kind, tag: key };
  const id = key.toLowerCase();
  if (!isUuid(id)) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'path.key', message: `must be a UUID for a ${kind}` }]);
  return kind === 'person' ? { kind, userId: id } : { kind, groupId: id };
}

/** The reader's home timeline, explore (every organisation-wide post) and hashtag pages. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class TimelinesController {
  constructor(private readonly timeline: HomeTimelineService) {}

  @Endpoint(R.HOME_TIMELINE)
  home(@PlatformCtx() ctx: RequestContext, @RequestInput() { query }: InputOf<typeof R.HOME_TIMELINE>) {
    return this.timeline.page(ctx, query.cursor || null, query.limit);
  }

  @Endpoint(R.ORGANISATION_TIMELINE)
  organisation(@PlatformCtx() ctx: RequestContext, @RequestInput() { query }: InputOf<typeof R.ORGANISATION_TIMELINE>) {
    return this.timeline.list(ctx, { kind: 'organisation' }, query.cursor || null, query.limit);
  }

  @Endpoint(R.HASHTAG_TIMELINE)
  hashtag(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.HASHTAG_TIMELINE>) {
    return this.timeline.list(ctx, { kind: 'hashtag', tag: params.tag.toLowerCase() }, query.cursor || null, query.limit);
  }
}
