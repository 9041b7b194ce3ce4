import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { GROUP_VISIBILITIES, MEMBER_ROLES, type FollowTarget } from '@plein/feed/contracts';
import { FollowService, GroupService, HomeTimelineService, type RequestContext } from '@plein/feed/application';
import { PlatformAuthGuard } from '@plein/shared/auth';
import { ValidationError } from '@plein/shared/kernel';
import { Input, optionalUuid, pageLimit, pathUuid } from './input';
import { Ctx } from './request-context';

const MEMBER_ACTIONS = ['approve', 'decline', 'invite', 'add', 'remove', 'change-role'] as const;
const STATUSES = ['member', 'requested', 'invited'] as const;

/** Groups and memberships; secret groups answer 404 FEED.GROUP_NOT_FOUND to non-members. */
@Controller('v1/groups')
@UseGuards(PlatformAuthGuard)
export class GroupsController {
  constructor(
    private readonly groups: GroupService,
    private readonly timeline: HomeTimelineService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const input = new Input(body);
    const name = input.string('name', { max: 1_000 });
    const description = input.string('description', { optional: true, max: 10_000 });
    const visibility = input.oneOf('visibility', GROUP_VISIBILITIES);
    input.done();
    return this.groups.create(ctx, { name: name!, ...(description !== undefined ? { description } : {}), visibility: visibility! });
  }

  @Get()
  list(@Ctx() ctx: RequestContext, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.groups.list(ctx, optionalUuid(after, 'after'), pageLimit(limit, 50));
  }

  @Get(':groupId')
  get(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string) {
    return this.groups.get(ctx, pathUuid(groupId, 'groupId'));
  }

  @Patch(':groupId')
  change(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string, @Body() body: unknown) {
    const input = new Input(body);
    const name = input.string('name', { optional: true, max: 1_000 });
    const description = input.nullableString('description', 10_000);
    const visibility = input.oneOf('visibility', GROUP_VISIBILITIES, { optional: true });
    input.done();
    return this.groups.change(ctx, pathUuid(groupId, 'groupId'), { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), ...(visibility ? { visibility } : {}) });
  }

  @Get(':groupId/posts')
  posts(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.timeline.list(ctx, { kind: 'group', groupId: pathUuid(groupId, 'groupId') }, cursor ?? null, pageLimit(limit));
  }

  @Post(':groupId/join')
  @HttpCode(200)
  join(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string, @Body() body: unknown) {
    const input = new Input(body ?? {});
    const message = input.string('message', { optional: true, max: 2_000 });
    input.done();
    return this.groups.join(ctx, pathUuid(groupId, 'groupId'), message);
  }

  @Post(':groupId/leave')
  @HttpCode(204)
  async leave(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string): Promise<void> {
    await this.groups.leave(ctx, pathUuid(groupId, 'groupId'));
  }

  @Get(':groupId/members')
  members(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string, @Query('status') status?: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    const s = status ?? 'member';
    if (!(STATUSES as readonly string[]).includes(s)) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'query.status', message: `one of ${STATUSES.join(', ')}` }]);
    return this.groups.members(ctx, pathUuid(groupId, 'groupId'), optionalUuid(after, 'after'), pageLimit(limit, 50, 500), s as (typeof STATUSES)[number]);
  }

  @Post(':groupId/members/:userId/:action')
  @HttpCode(200)
  async manage(@Ctx() ctx: RequestContext, @Param('groupId') groupId: string, @Param('userId') userId: string, @Param('action') action: string, @Body() body: unknown) {
    if (!(MEMBER_ACTIONS as readonly string[]).includes(action)) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'path.action', message: `one of ${MEMBER_ACTIONS.join(', ')}` }]);
    const input = new Input(body ?? {});
    const role = input.oneOf('role', MEMBER_ROLES, { optional: true });
    const note = input.string('note', { optional: true, max: 2_000 });
    input.done();
    const membership = await this.groups.manage(ctx, pathUuid(groupId, 'groupId'), pathUuid(userId, 'userId'), action as (typeof MEMBER_ACTIONS)[number], { ...(role ? { role } : {}), ...(note !== undefined ? { note } : {}) });
    return membership ?? { groupId, userId, status: 'none' };
  }
}

/** Follows of people, groups and hashtags (they shape the home timeline). */
@Controller('v1/follows')
@UseGuards(PlatformAuthGuard)
export class FollowsController {
  constructor(private readonly follows: FollowService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext) {
    return { items: await this.follows.list(ctx) };
  }

  @Put(':kind/:key')
  follow(@Ctx() ctx: RequestContext, @Param('kind') kind: string, @Param('key') key: string) {
    return this.follows.follow(ctx, target(kind, key));
  }

  @Delete(':kind/:key')
  unfollow(@Ctx() ctx: RequestContext, @Param('kind') kind: string, @Param('key') key: string) {
    return this.follows.unfollow(ctx, target(kind, key));
  }
}

function target(kind: string, key: string): FollowTarget {
  if (kind === 'person') return { kind, userId: pathUuid(key, 'key') };
  if (kind === 'group') return { kind, groupId: pathUuid(key, 'key') };
  if (kind === 'hashtag') return { kind, tag: key };
  throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'path.kind', message: 'one of person, group, hashtag' }]);
}

/** The reader's home timeline, explore (every organisation-wide post) and hashtag pages. */
@Controller('v1/timelines')
@UseGuards(PlatformAuthGuard)
export class TimelinesController {
  constructor(private readonly timeline: HomeTimelineService) {}

  @Get('home')
  home(@Ctx() ctx: RequestContext, @Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.timeline.page(ctx, cursor || null, pageLimit(limit));
  }

  @Get('organisation')
  organisation(@Ctx() ctx: RequestContext, @Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.timeline.list(ctx, { kind: 'organisation' }, cursor || null, pageLimit(limit));
  }

  @Get('hashtags/:tag')
  hashtag(@Ctx() ctx: RequestContext, @Param('tag') tag: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.timeline.list(ctx, { kind: 'hashtag', tag: tag.toLowerCase() }, cursor || null, pageLimit(limit));
  }
}
