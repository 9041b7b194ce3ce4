import { FeedForbiddenError, isAdmin, responseDecider, responseId, type Actor, type CallToActionView, type ResponseCommand } from '@plein/feed/domain';
import { isUuid, streamId, ValidationError, type CommandMetadata } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, viewerOf, visiblePost, type FeedDependencies, type RequestContext } from '../context';
import { currentState, reconcile, releasePlace, takePlace } from '../places';
import { checkPageSize, MAX_PAGE_SIZE, pageOf } from '../paging';
import type { Page, PostView, SignUpPosition } from '../ports';
import type { PostRepresentation } from './post-view';
import { PostService } from './post.service';

export interface AcknowledgementList {
  readonly round: number;
  readonly people: { readonly userId: string; readonly acknowledged: boolean; readonly acknowledgedAt: string | null }[];
  readonly next: string | null;
}

type Base = { actor: Actor; post: CallToActionView; now: Date };

/**
 * Responses to a post's call to action (acknowledge, sign up, withdraw, vote): one small
 * aggregate per person and post. Visibility first (FEED.POST_NOT_FOUND), then the decider.
 * Sign-ups with a capacity take their place on the post's roster first (places.ts), so two
 * simultaneous last sign-ups cannot both get it.
 */
export interface SignUpRepresentation {
  readonly userId: string;
  readonly registeredAt: string;
  readonly waitingList: boolean;
}

/** Sign-up list cursor: the last sign-up shown (time and user id), opaque to clients. */
const encodeSignUpCursor = (p: SignUpPosition): string => Buffer.from(JSON.stringify([p.registeredAt, p.userId])).toString('base64url');

function decodeSignUpCursor(raw: string): SignUpPosition {
  const bad = () => new ValidationError('FEED.INVALID_CURSOR', [{ field: 'query.after', message: 'is not a cursor this service issued' }]);
  if (raw.length > 200) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || parsed[0].length > 40 || Number.isNaN(Date.parse(parsed[0])) || !isUuid(parsed[1])) throw bad();
  return { registeredAt: parsed[0], userId: parsed[1] };
}

export class ResponseService {
  private readonly posts: PostService;
  constructor(private readonly deps: FeedDependencies) {
    this.posts = new PostService(deps);
  }

  acknowledge(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    return this.respond(ctx, postId, (base) => ({ type: 'Acknowledge', ...base }));
  }

  signUp(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    return this.respond(ctx, postId, async (base) => {
      const capacity = capacityOf(base.post);
      const placeHeld = capacity === undefined ? true : await takePlace(this.deps, ctx, postId, { type: 'TakeSignUpPlace', ...base }, capacity);
      return { type: 'SignUp', placeHeld, ...base };
    }, (base) => this.reconcile(ctx, base));
  }

  withdraw(ctx: RequestContext, postId: string): Promise<PostRepresentation> {
    // The withdrawal is recorded first and the place given back second (places.ts); the release
    // also runs when nothing was registered, which frees a place an interrupted withdrawal left.
    return this.respond(ctx, postId, (base) => ({ type: 'WithdrawSignUp', ...base }), async (base) => {
      if (capacityOf(base.post) === undefined) return;
      await releasePlace(this.deps, ctx, postId, base.actor.userId, base.post.audience);
      await this.reconcile(ctx, base);
    });
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
    checkPageSize(limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    if (post.authorId !== viewer.userId && !isAdmin(viewer)) throw new FeedForbiddenError('FEED.NOT_PERMITTED', 'Only the author and admins see who acknowledged');
    const page = pageOf(await this.audiencePage(post, after, limit + 1), limit, (userId) => userId);
    // One batched lookup for the page of people.
    const acknowledged = await this.deps.readModels.responses.acknowledgedAmong(postId, post.acknowledgementRound, page.items);
    return {
      round: post.acknowledgementRound,
      people: page.items.map((userId) => ({ userId, acknowledged: acknowledged.has(userId), acknowledgedAt: acknowledged.get(userId) ?? null })),
      next: page.next,
    };
  }

  /**
   * Sign-up list in registration order. The roster keeps registrations within the capacity, so
   * `waitingList` is false for everyone; it would flag sign-ups recorded before rosters existed.
   */
  async registrations(ctx: RequestContext, postId: string, after: string | null = null, limit = MAX_PAGE_SIZE): Promise<Page<SignUpRepresentation>> {
    checkPageSize(limit);
    const from = after === null ? null : decodeSignUpCursor(after);
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post } = await visiblePost(this.deps, viewer, postId);
    const capacity = post.callToAction.kind === 'sign-up' ? (post.callToAction.capacity ?? Infinity) : Infinity;
    const responses = this.deps.readModels.responses;
    const [rows, offset] = await Promise.all([responses.registrations(postId, from, limit + 1), from && capacity !== Infinity ? responses.registeredBefore(postId, from) : Promise.resolve(0)]);
    const page = pageOf(rows, limit, encodeSignUpCursor);
    return { items: page.items.map((r, k) => ({ userId: r.userId, registeredAt: r.registeredAt, waitingList: offset + k >= capacity })), next: page.next };
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
    command: (base: Base) => ResponseCommand | Promise<ResponseCommand>,
    after?: (base: Base) => Promise<void>,
  ): Promise<PostRepresentation> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const { post, facts } = await visiblePost(this.deps, viewer, postId);
    const view: CallToActionView = {
      postId,
      authorId: post.authorId,
      audience: post.audience,
      callToAction: post.callToAction,
      acknowledgementRound: post.acknowledgementRound,
      closed: post.callToActionClosed,
      available: facts.moderationState === 'visible' && !facts.deleted,
    };
    const actor = await actorOf(this.deps, ctx.caller);
    const base: Base = { actor, post: view, now: this.deps.clock.now() };
    await this.record(await command(base), metadataOf(ctx));
    if (after) await after(base);
    return this.posts.get(ctx, postId, viewer);
  }

  private record(command: ResponseCommand, metadata: CommandMetadata) {
    return execute(this.deps, streamId('response', responseId(command.post.postId, command.actor.userId)), responseDecider, command, metadata);
  }

  /** A registration without a place (the person's own sign-up and withdrawal raced) takes one again or is withdrawn. */
  private async reconcile(ctx: RequestContext, base: Base): Promise<void> {
    const capacity = capacityOf(base.post);
    if (capacity === undefined) return;
    const stream = streamId('response', responseId(base.post.postId, base.actor.userId));
    await reconcile(this.deps, ctx, base.post.postId, {
      recorded: async () => (await currentState(this.deps, stream, responseDecider)).registered,
      take: () => ({ type: 'TakeSignUpPlace', ...base }),
      userId: base.actor.userId,
      capacity,
      undo: (metadata) => this.record({ type: 'WithdrawSignUp', ...base }, metadata),
    });
  }
}

const capacityOf = (post: CallToActionView): number | undefined => (post.callToAction.kind === 'sign-up' ? post.callToAction.capacity : undefined);
