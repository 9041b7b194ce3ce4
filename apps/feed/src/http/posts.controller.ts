import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { CommentService, PostService, ReactionService, ResponseService, type RequestContext } from '@plein/feed/application';
import { PlatformAuthGuard } from '@plein/shared/auth';
import { Input, optionalUuid, pageLimit, pathUuid } from './input';
import { parseEditPost, parseIdeaStatus, parsePublishPost } from './post-input';
import { Ctx } from './request-context';

/** Posts, their calls to action and conversation. Invisible posts answer 404 FEED.POST_NOT_FOUND everywhere. */
@Controller('v1/posts')
@UseGuards(PlatformAuthGuard)
export class PostsController {
  constructor(
    private readonly posts: PostService,
    private readonly responses: ResponseService,
    private readonly comments: CommentService,
    private readonly reactions: ReactionService,
  ) {}

  @Post()
  @HttpCode(201)
  publish(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.posts.publish(ctx, parsePublishPost(body));
  }

  @Get(':postId')
  get(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return this.posts.get(ctx, pathUuid(postId, 'postId'));
  }

  @Patch(':postId')
  edit(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Body() body: unknown) {
    return this.posts.edit(ctx, pathUuid(postId, 'postId'), parseEditPost(body));
  }

  @Delete(':postId')
  @HttpCode(204)
  async delete(@Ctx() ctx: RequestContext, @Param('postId') postId: string): Promise<void> {
    await this.posts.delete(ctx, pathUuid(postId, 'postId'));
  }

  @Get(':postId/history')
  async history(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return { items: await this.posts.history(ctx, pathUuid(postId, 'postId')) };
  }

  @Post(':postId/accepted-answer')
  @HttpCode(200)
  accept(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Body() body: unknown) {
    const input = new Input(body);
    const commentId = input.uuid('commentId');
    input.done();
    return this.posts.acceptAnswer(ctx, pathUuid(postId, 'postId'), commentId!);
  }

  @Post(':postId/idea-status')
  @HttpCode(200)
  ideaStatus(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Body() body: unknown) {
    const { status, note } = parseIdeaStatus(body);
    return this.posts.changeIdeaStatus(ctx, pathUuid(postId, 'postId'), status, note);
  }

  @Post(':postId/call-to-action/close')
  @HttpCode(200)
  close(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return this.posts.closeCallToAction(ctx, pathUuid(postId, 'postId'));
  }

  @Post(':postId/acknowledgement')
  @HttpCode(200)
  acknowledge(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return this.responses.acknowledge(ctx, pathUuid(postId, 'postId'));
  }

  @Get(':postId/acknowledgements')
  acknowledgements(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.responses.acknowledgements(ctx, pathUuid(postId, 'postId'), optionalUuid(after, 'after'), pageLimit(limit, 100, 1_000));
  }

  @Post(':postId/sign-up')
  @HttpCode(200)
  signUp(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return this.responses.signUp(ctx, pathUuid(postId, 'postId'));
  }

  @Delete(':postId/sign-up')
  withdraw(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return this.responses.withdraw(ctx, pathUuid(postId, 'postId'));
  }

  @Get(':postId/sign-ups')
  async signUps(@Ctx() ctx: RequestContext, @Param('postId') postId: string) {
    return { items: await this.responses.registrations(ctx, pathUuid(postId, 'postId')) };
  }

  @Put(':postId/vote')
  vote(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Body() body: unknown) {
    const input = new Input(body);
    const optionIds = input.strings('optionIds', 10);
    input.done();
    return this.responses.vote(ctx, pathUuid(postId, 'postId'), optionIds!);
  }

  @Get(':postId/comments')
  listComments(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.comments.list(ctx, pathUuid(postId, 'postId'), optionalUuid(after, 'after'), pageLimit(limit, 50));
  }

  @Post(':postId/comments')
  @HttpCode(201)
  comment(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Body() body: unknown) {
    const input = new Input(body);
    const text = input.string('body');
    const parentCommentId = input.uuid('parentCommentId', { optional: true });
    input.done();
    return this.comments.add(ctx, pathUuid(postId, 'postId'), { body: text!, ...(parentCommentId ? { parentCommentId } : {}) });
  }

  @Put(':postId/reaction')
  react(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Body() body: unknown) {
    const input = new Input(body);
    const kind = input.string('kind', { max: 40 });
    input.done();
    return this.reactions.react(ctx, { targetType: 'post', targetId: pathUuid(postId, 'postId') }, kind!);
  }

  @Delete(':postId/reaction')
  @HttpCode(204)
  async unreact(@Ctx() ctx: RequestContext, @Param('postId') postId: string): Promise<void> {
    await this.reactions.unreact(ctx, { targetType: 'post', targetId: pathUuid(postId, 'postId') });
  }

  @Get(':postId/reactions')
  listReactions(@Ctx() ctx: RequestContext, @Param('postId') postId: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.reactions.list(ctx, { targetType: 'post', targetId: pathUuid(postId, 'postId') }, optionalUuid(after, 'after'), pageLimit(limit, 50));
  }
}

/** Comments by id: edit, delete, react. */
@Controller('v1/comments')
@UseGuards(PlatformAuthGuard)
export class CommentsController {
  constructor(
    private readonly comments: CommentService,
    private readonly reactions: ReactionService,
  ) {}

  @Patch(':commentId')
  edit(@Ctx() ctx: RequestContext, @Param('commentId') commentId: string, @Body() body: unknown) {
    const input = new Input(body);
    const text = input.string('body');
    input.done();
    return this.comments.edit(ctx, pathUuid(commentId, 'commentId'), text!);
  }

  @Delete(':commentId')
  @HttpCode(204)
  async delete(@Ctx() ctx: RequestContext, @Param('commentId') commentId: string): Promise<void> {
    await this.comments.delete(ctx, pathUuid(commentId, 'commentId'));
  }

  @Put(':commentId/reaction')
  react(@Ctx() ctx: RequestContext, @Param('commentId') commentId: string, @Body() body: unknown) {
    const input = new Input(body);
    const kind = input.string('kind', { max: 40 });
    input.done();
    return this.reactions.react(ctx, { targetType: 'comment', targetId: pathUuid(commentId, 'commentId') }, kind!);
  }

  @Delete(':commentId/reaction')
  @HttpCode(204)
  async unreact(@Ctx() ctx: RequestContext, @Param('commentId') commentId: string): Promise<void> {
    await this.reactions.unreact(ctx, { targetType: 'comment', targetId: pathUuid(commentId, 'commentId') });
  }

  @Get(':commentId/reactions')
  list(@Ctx() ctx: RequestContext, @Param('commentId') commentId: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.reactions.list(ctx, { targetType: 'comment', targetId: pathUuid(commentId, 'commentId') }, optionalUuid(after, 'after'), pageLimit(limit, 50));
  }
}
