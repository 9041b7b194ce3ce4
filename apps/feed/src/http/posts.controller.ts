import { Controller, UseGuards } from '@nestjs/common';
import { CommentService, PostService, ReactionService, ResponseService, type RequestContext } from '@plein/feed/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import * as R from './routes';

/** Posts, their calls to action and conversation. Invisible posts answer 404 FEED.POST_NOT_FOUND everywhere. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class PostsController {
  constructor(
    private readonly posts: PostService,
    private readonly responses: ResponseService,
    private readonly comments: CommentService,
    private readonly reactions: ReactionService,
  ) {}

  @Endpoint(R.PUBLISH_POST)
  publish(@PlatformCtx() ctx: RequestContext, @RequestInput() { body }: InputOf<typeof R.PUBLISH_POST>) {
    return this.posts.publish(ctx, body);
  }

  @Endpoint(R.GET_POST)
  get(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.GET_POST>) {
    return this.posts.get(ctx, params.postId);
  }

  @Endpoint(R.EDIT_POST)
  edit(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.EDIT_POST>) {
    const { requestReacknowledgement, ...content } = body;
    return this.posts.edit(ctx, params.postId, { ...content, ...(requestReacknowledgement ? { requestReacknowledgement: true } : {}) });
  }

  @Endpoint(R.DELETE_POST)
  async delete(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.DELETE_POST>): Promise<void> {
    await this.posts.delete(ctx, params.postId);
  }

  @Endpoint(R.POST_HISTORY)
  async history(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.POST_HISTORY>) {
    return { items: await this.posts.history(ctx, params.postId) };
  }

  @Endpoint(R.ACCEPT_ANSWER)
  accept(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.ACCEPT_ANSWER>) {
    return this.posts.acceptAnswer(ctx, params.postId, body.commentId);
  }

  @Endpoint(R.IDEA_STATUS)
  ideaStatus(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.IDEA_STATUS>) {
    return this.posts.changeIdeaStatus(ctx, params.postId, body.status, body.note);
  }

  @Endpoint(R.CLOSE_CTA)
  close(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.CLOSE_CTA>) {
    return this.posts.closeCallToAction(ctx, params.postId);
  }

  @Endpoint(R.ACKNOWLEDGE)
  acknowledge(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.ACKNOWLEDGE>) {
    return this.responses.acknowledge(ctx, params.postId);
  }

  @Endpoint(R.ACKNOWLEDGEMENTS)
  acknowledgements(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.ACKNOWLEDGEMENTS>) {
    return this.responses.acknowledgements(ctx, params.postId, query.after ?? null, query.limit);
  }

  @Endpoint(R.SIGN_UP)
  signUp(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.SIGN_UP>) {
    return this.responses.signUp(ctx, params.postId);
  }

  @Endpoint(R.WITHDRAW_SIGN_UP)
  withdraw(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.WITHDRAW_SIGN_UP>) {
    return this.responses.withdraw(ctx, params.postId);
  }

  @Endpoint(R.SIGN_UPS)
  signUps(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.SIGN_UPS>) {
    return this.responses.registrations(ctx, params.postId, query.after ?? null, query.limit);
  }

  @Endpoint(R.VOTE)
  vote(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.VOTE>) {
    return this.responses.vote(ctx, params.postId, body.optionIds);
  }

  @Endpoint(R.LIST_COMMENTS)
  listComments(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.LIST_COMMENTS>) {
    return this.comments.list(ctx, params.postId, query.after ?? null, query.limit);
  }

  @Endpoint(R.ADD_COMMENT)
  comment(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.ADD_COMMENT>) {
    return this.comments.add(ctx, params.postId, { body: body.body, ...(body.parentCommentId ? { parentCommentId: body.parentCommentId } : {}) });
  }

  @Endpoint(R.REACT_POST)
  react(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.REACT_POST>) {
    return this.reactions.react(ctx, { targetType: 'post', targetId: params.postId }, body.kind);
  }

  @Endpoint(R.UNREACT_POST)
  async unreact(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.UNREACT_POST>): Promise<void> {
    await this.reactions.unreact(ctx, { targetType: 'post', targetId: params.postId });
  }

  @Endpoint(R.POST_REACTIONS)
  listReactions(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.POST_REACTIONS>) {
    return this.reactions.list(ctx, { targetType: 'post', targetId: params.postId }, query.after ?? null, query.limit);
  }
}

/** Comments by id: edit, delete, react. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class CommentsController {
  constructor(
    private readonly comments: CommentService,
    private readonly reactions: ReactionService,
  ) {}

  @Endpoint(R.EDIT_COMMENT)
  edit(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.EDIT_COMMENT>) {
    return this.comments.edit(ctx, params.commentId, body.body);
  }

  @Endpoint(R.DELETE_COMMENT)
  async delete(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.DELETE_COMMENT>): Promise<void> {
    await this.comments.delete(ctx, params.commentId);
  }

  @Endpoint(R.REACT_COMMENT)
  react(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.REACT_COMMENT>) {
    return this.reactions.react(ctx, { targetType: 'comment', targetId: params.commentId }, body.kind);
  }

  @Endpoint(R.UNREACT_COMMENT)
  async unreact(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.UNREACT_COMMENT>): Promise<void> {
    await this.reactions.unreact(ctx, { targetType: 'comment', targetId: params.commentId });
  }

  @Endpoint(R.COMMENT_REACTIONS)
  list(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, query }: InputOf<typeof R.COMMENT_REACTIONS>) {
    return this.reactions.list(ctx, { targetType: 'comment', targetId: params.commentId }, query.after ?? null, query.limit);
  }
}
