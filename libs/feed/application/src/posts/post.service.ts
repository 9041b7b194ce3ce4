import type { Attachment, Audience, IdeaStatus, PostKind } from '@plein/feed/contracts';
import {
  canSee,
  canSeeComment,
  FeedNotFoundError,
  parsePostBody,
  screeningOf,
  postDecider,
  postHistory,
  type CallToActionInput,
  type JamContext,
  type PostCommand,
  type PostEvent,
  type PostState,
  type Viewer,
} from '@plein/feed/domain';
import { streamId, uuidv7 } from '@plein/shared/kernel';
import { actorOf, execute, groupContextOf, metadataOf, postFacts, viewerOf, visiblePost, type FeedDependencies, type RequestContext } from '../context';
import { commentFacts } from '../conversation/comment.service';
import { mentionDirectory } from '../mentions';
import { applyComposeRules, postDeciderFor, recordScreening, ruleGroupOf } from '../moderation-rules/compose-rules';
import { assertNotRestricted } from '../restrictions/posting-restrictions';
import { jamPhaseOf, scopedFacts } from '../ideas/jam-phase';
import { renderPosts, type PostRepresentation } from './post-view';

export interface PublishPostInput {
  readonly audience: Audience;
  readonly kind: PostKind;
  readonly title?: string;
  readonly body: string;
  readonly attachments?: readonly Attachment[];
  readonly callToAction: CallToActionInput;
  readonly jamId?: string;
}

export interface EditPostInput {
  readonly title?: string;
  readonly body: string;
  readonly attachments?: readonly Attachment[];
  readonly requestReacknowledgement?: boolean;
}

const postStream = (postId: string): string => streamId('post', postId);

/**
 * Post use cases: publish, edit, delete, accept an answer, move an idea, close the call to action,
 * and the reads of one post (page, history). Every command on an existing post first checks that
 * the caller can see it (else FEED.POST_NOT_FOUND); the decider enforces the rest.
 */
export class PostService {
  constructor(private readonly deps: FeedDependencies) {}

  /**
   * The hot path, in as few MongoDB round trips as it can (docs/performance.md): the actor and the
   * mentions in one batched users lookup, no stream read for a stream that cannot exist yet, and
   * the response rendered for its author without reading the viewer's follows and groups or the
   * counters of a post nobody else has seen yet.
   */
  async publish(ctx: RequestContext, input: PublishPostInput): Promise<PostRepresentation> {
    const deps = this.deps;
    // Started together, so the users read model answers both with one query.
    // The body parsed once: for the mentions to look up here and for the decider's sanitising (the title is plain text).
    const parsedBody = parsePostBody(input.kind, input);
    const [actor, mentions] = await Promise.all([actorOf(deps, ctx.caller), mentionDirectory(deps.readModels.users, parsedBody), assertNotRestricted(deps, ctx.caller.userId)]);
    // The targets first, one after the other (a fixed answer when both are out of sight), then the rest.
    const group = await groupContextOf(deps, input.audience, actor);
    const jam = input.jamId ? await this.jamContext(input.jamId, ctx) : undefined;
    const screening = screeningOf(await applyComposeRules(deps.composeRules, ruleGroupOf(input.audience), input, { authorId: actor.userId, now: deps.clock.now() }), () => uuidv7(deps.clock.now().getTime()));
    const proposed = uuidv7(deps.clock.now().getTime());
    const postId = ctx.idempotencyKey ? await deps.idempotency.resolve('feed.post', ctx.caller.userId, ctx.idempotencyKey, proposed) : proposed;
    const command: PostCommand = {
      type: 'PublishPost',
      postId,
      actor,
      audience: input.audience,
      kind: input.kind,
      ...(input.title !== undefined ? { title: input.title } : {}),
      body: input.body,
      ...(input.attachments ? { attachments: input.attachments } : {}),
      callToAction: input.callToAction,
      policy: deps.policy,
      ...(group ? { group } : {}),
      ...(jam ? { jam } : {}),
      mentions,
      ...(parsedBody ? { parsedBody } : {}),
      now: deps.clock.now(),
    };
    // A freshly minted id names no stream yet; a retry's id (same Idempotency-Key) does, and is read.
    const fresh = postId === proposed;
    const metadata = metadataOf(ctx);
    const result = await execute(deps, postStream(postId), postDeciderFor(screening), command, metadata, { newStream: fresh });
    await recordScreening(deps, metadata, screening, { contentType: 'post', contentId: postId, postId, authorId: actor.userId, groupId: ruleGroupOf(input.audience), on: 'published' });
    if (!fresh || result.replayed) return this.get(ctx, postId);
    const post = await deps.readModels.posts.post(postId);
    if (!post) throw new FeedNotFoundError('post', postId);
    // The author sees their own new post; nobody has commented, reacted or responded yet.
    const author: Viewer = { userId: actor.userId, active: actor.active, roles: actor.roles, groupMemberships: new Map(group?.role ? [[group.groupId, group.role]] : []) };
    const facts = { ...postFacts(post, null), ...(group ? { groupVisibility: group.visibility } : {}) };
    const [rendered] = await renderPosts(deps, author, [{ post, facts }], { unseen: true });
    return rendered!;
  }

  async edit(ctx: RequestContext, postId: string, input: EditPostInput): Promise<PostRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    // Parsed once, as the decider parses a body of this post's kind (the kind never changes).
    const parsedBody = parsePostBody(post.kind, input);
    const screening = screeningOf(await applyComposeRules(this.deps.composeRules, ruleGroupOf(post.audience), input), () => uuidv7(this.deps.clock.now().getTime()));
    const mentions = await mentionDirectory(this.deps.readModels.users, parsedBody);
    const metadata = metadataOf(ctx);
    const actor = await actorOf(this.deps, ctx.caller);
    const edited = await execute(this.deps, postStream(postId), postDeciderFor(screening), {
      type: 'EditPost',
      postId,
      actor,
      ...(input.title !== undefined ? { title: input.title } : {}),
      body: input.body,
      ...(input.attachments ? { attachments: input.attachments } : {}),
      mentions,
      ...(parsedBody ? { parsedBody } : {}),
      ...(input.requestReacknowledgement ? { requestReacknowledgement: true } : {}),
    }, metadata);
    if (edited.events.length > 0 || edited.replayed) {
      await recordScreening(this.deps, metadata, screening, { contentType: 'post', contentId: postId, postId, authorId: actor.userId, groupId: ruleGroupOf(post.audience), on: 'edited' });
    }
    return this.get(ctx, postId);
  }

  async delete(ctx: RequestContext, postId: string): Promise<void> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    const groupRole = post.audience.kind === 'group' ? viewer.groupMemberships.get(post.audience.groupId) : undefined;
    await this.run(ctx, postId, { type: 'DeletePost', postId, actor: await actorOf(this.deps, ctx.caller), ...(groupRole ? { groupRole } : {}) });
  }

  async acceptAnswer(ctx: RequestContext, postId: string, commentId: string): Promise<PostRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { facts } = await visiblePost(this.deps, viewer, postId);
    const comment = await this.deps.readModels.comments.comment(commentId);
    // A comment the author cannot see (deleted, removed, someone else's hidden one) is a missing one.
    if (!comment || comment.postId !== postId || !canSeeComment(viewer, facts, commentFacts(comment))) throw new FeedNotFoundError('comment', commentId);
    const answer = {
      commentId,
      postId: comment.postId,
      authorId: comment.authorId,
      parentCommentId: comment.parentCommentId,
      available: comment.deletedBy === undefined && comment.moderation === 'visible',
    };
    await this.run(ctx, postId, { type: 'AcceptAnswer', postId, actor: await actorOf(this.deps, ctx.caller), answer });
    return this.get(ctx, postId);
  }

  async changeIdeaStatus(ctx: RequestContext, postId: string, status: IdeaStatus, note?: string): Promise<PostRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    const groupRole = post.audience.kind === 'group' ? viewer.groupMemberships.get(post.audience.groupId) : undefined;
    const jam = post.jamId ? await this.deps.readModels.jams.jam(post.jamId) : null;
    await this.run(ctx, postId, {
      type: 'ChangeIdeaStatus',
      postId,
      actor: await actorOf(this.deps, ctx.caller),
      status,
      ...(note !== undefined ? { note } : {}),
      ...(groupRole ? { groupRole } : {}),
      ...(jam ? { jamManagerId: jam.managerId } : {}),
    });
    return this.get(ctx, postId);
  }

  async closeCallToAction(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    await visiblePost(this.deps, viewer, postId);
    await this.run(ctx, postId, { type: 'CloseCallToAction', postId, actor: await actorOf(this.deps, ctx.caller) });
    return this.get(ctx, postId);
  }

  async get(ctx: RequestContext, postId: string, viewer?: Viewer): Promise<PostRepresentation> {
    const reader = viewer ?? (await viewerOf(this.deps, ctx.caller));
    const { post, facts } = await visiblePost(this.deps, reader, postId);
    const [rendered] = await renderPosts(this.deps, reader, [{ post, facts }]);
    return rendered!;
  }

  /** Every version of the content, oldest first (the stream is the history). */
  async history(ctx: RequestContext, postId: string): Promise<{ version: number; material: boolean; title?: string; body: string; at: string }[]> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    await visiblePost(this.deps, viewer, postId);
    const stream = await this.deps.store.readStream(postStream(postId));
    const events = (stream?.events ?? []) as unknown as (PostEvent & { occurredAt: string })[];
    const contentEvents = events.filter((e) => e.type === 'feed.post.published' || e.type === 'feed.post.edited');
    return postHistory(events).map((entry, k) => ({
      version: k + 1,
      material: entry.material,
      ...(entry.content.title ? { title: entry.content.title } : {}),
      body: entry.content.body,
      at: contentEvents[k]!.occurredAt,
    }));
  }

  private async run(ctx: RequestContext, postId: string, command: PostCommand): Promise<PostState> {
    const result = await execute(this.deps, postStream(postId), postDecider, command, metadataOf(ctx));
    return result.state;
  }


  private async jamContext(jamId: string, ctx: RequestContext): Promise<JamContext> {
    const jam = await this.deps.readModels.jams.jam(jamId);
    if (!jam) throw new FeedNotFoundError('idea-jam', jamId);
    const viewer = await viewerOf(this.deps, ctx.caller);
    const group = jam.audience.kind === 'group' ? await this.deps.readModels.groups.group(jam.audience.groupId) : null;
    if (!canSee(viewer, scopedFacts(jam.audience, jam.managerId, group))) throw new FeedNotFoundError('idea-jam', jamId);
    return { jamId, audience: jam.audience, phase: jamPhaseOf(jam, this.deps.clock.now()) };
  }
}
