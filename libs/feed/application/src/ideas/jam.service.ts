import type { ScopedAudience } from '@plein/feed/contracts';
import { canSee, FeedNotFoundError, ideaJamDecider, jamBallotDecider, jamBallotId, type IdeaJamCommand, type Viewer } from '@plein/feed/domain';
import { streamId, ValidationError } from '@plein/shared/kernel';
import { actorOf, execute, groupContextOf, metadataOf, newId, postFacts, viewerOf, type FeedDependencies, type RequestContext } from '../context';
import { checkPageSize, pageOf } from '../paging';
import type { GroupView, IdeaJamView, Page } from '../ports';
import { jamPhaseOf, scopedFacts } from './jam-phase';

export interface ScheduleJamInput {
  readonly audience: ScopedAudience;
  readonly title: string;
  readonly question: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly votesPerPerson: number;
}

/** A jam in a listing: its fields and phase, without ideas or ballots (GET /v1/jams/{jamId} has those). */
export interface JamSummary extends IdeaJamView {
  readonly phase: ReturnType<typeof jamPhaseOf>;
}

export interface JamRepresentation extends IdeaJamView {
  readonly phase: ReturnType<typeof jamPhaseOf>;
  /** Visible ideas of the jam, most voted first. */
  readonly ideas: readonly { readonly postId: string; readonly authorId: string; readonly title: string | null; readonly votes: number }[];
  readonly you: { readonly votedIdeaIds: readonly string[]; readonly votesLeft: number };
}

/**
 * Idea jams: a manager schedules a time-boxed campaign; ideas are posts of kind `idea` with the
 * `jamId` (POST /v1/posts); people vote within their budget while it is open; the manager closes
 * it (or time does) and publishes outcomes. A jam the caller cannot see answers not-found exactly
 * like a missing one (same rule as posts).
 */
export class JamService {
  constructor(private readonly deps: FeedDependencies) {}

  async schedule(ctx: RequestContext, input: ScheduleJamInput): Promise<JamRepresentation> {
    const jamId = await newId(this.deps, 'feed.ideajam', ctx);
    const actor = await actorOf(this.deps, ctx.caller);
    const group = await groupContextOf(this.deps, input.audience, actor);
    const command: IdeaJamCommand = { type: 'ScheduleIdeaJam', jamId, actor, ...input, policy: this.deps.policy, ...(group ? { group } : {}), now: this.deps.clock.now() };
    await execute(this.deps, streamId('ideajam', jamId), ideaJamDecider, command, metadataOf(ctx));
    return this.get(ctx, jamId);
  }

  async get(ctx: RequestContext, jamId: string): Promise<JamRepresentation> {
    const { viewer, jam } = await this.visibleJam(ctx, jamId);
    const [ideas, tallies, ballot] = await Promise.all([this.deps.readModels.jams.ideasOf(jamId), this.deps.readModels.jams.tallies(jamId), this.deps.readModels.jams.ballot(jamId, viewer.userId)]);
    // The ideas' groups in one batched lookup, not one read per idea.
    const groupIds = [...new Set(ideas.flatMap((i) => (i.audience.kind === 'group' ? [i.audience.groupId] : [])))];
    const groups = groupIds.length ? await this.deps.readModels.groups.groups(groupIds) : new Map<string, GroupView>();
    const visible = ideas
      .filter((idea) => canSee(viewer, postFacts(idea, idea.audience.kind === 'group' ? (groups.get(idea.audience.groupId) ?? null) : null)))
      .map((idea) => ({ postId: idea.postId, authorId: idea.authorId, title: idea.content.title ?? null, votes: tallies.get(idea.postId) ?? 0 }));
    visible.sort((a, b) => b.votes - a.votes || b.postId.localeCompare(a.postId));
    return { ...jam, phase: jamPhaseOf(jam, this.deps.clock.now()), ideas: visible, you: { votedIdeaIds: ballot, votesLeft: Math.max(0, jam.votesPerPerson - ballot.length) } };
  }

  /**
   * Jams the caller may see (upcoming, open, closed, concluded; not cancelled), newest first,
   * paged by `after` (the last jam shown). Visibility is filtered in the query, and the policy runs
   * on every row as well.
   */
  async list(ctx: RequestContext, limit: number, after: string | null = null): Promise<Page<JamSummary>> {
    checkPageSize(limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    if (!viewer.active) return { items: [], next: null };
    if (after !== null) {
      const at = await this.deps.readModels.jams.jam(after);
      if (!at || !(await this.visibleTo(viewer, at))) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'query.after', message: 'is not an idea jam of this listing' }]);
    }
    const rows = await this.deps.readModels.jams.list(after, limit + 1, [...viewer.groupMemberships.keys()]);
    const page = pageOf(rows, limit, (j) => j.jamId);
    const groupIds = [...new Set(page.items.flatMap((j) => (j.audience.kind === 'group' ? [j.audience.groupId] : [])))];
    const groups = groupIds.length ? await this.deps.readModels.groups.groups(groupIds) : new Map<string, GroupView>();
    const now = this.deps.clock.now();
    const shown = page.items.filter((j) => canSee(viewer, scopedFacts(j.audience, j.managerId, j.audience.kind === 'group' ? (groups.get(j.audience.groupId) ?? null) : null)));
    const next = page.next !== null && shown.length > 0 ? shown[shown.length - 1]!.jamId : null;
    return { items: shown.map((j) => ({ ...j, phase: jamPhaseOf(j, now) })), next };
  }

  async close(ctx: RequestContext, jamId: string): Promise<JamRepresentation> {
    return this.manage(ctx, jamId, (actor, now) => ({ type: 'CloseIdeaJam', jamId, actor, now }));
  }

  async cancel(ctx: RequestContext, jamId: string, note?: string): Promise<JamRepresentation> {
    return this.manage(ctx, jamId, (actor, now) => ({ type: 'CancelIdeaJam', jamId, actor, now, ...(note !== undefined ? { note } : {}) }));
  }

  async publishOutcomes(ctx: RequestContext, jamId: string, summary: string, selectedIdeaIds: readonly string[]): Promise<JamRepresentation> {
    const ideas = await this.deps.readModels.jams.ideasOf(jamId);
    const jamIdeaIds = new Set(ideas.filter((i) => i.moderation === 'visible' && !i.deletedBy).map((i) => i.postId));
    return this.manage(ctx, jamId, (actor, now) => ({ type: 'PublishIdeaJamOutcomes', jamId, actor, now, summary, selectedIdeaIds, jamIdeaIds }));
  }

  /** Spends one of the caller's votes on an idea of the jam (idempotent: voting twice is one vote). */
  async vote(ctx: RequestContext, jamId: string, ideaId: string): Promise<JamRepresentation> {
    const { viewer, jam } = await this.visibleJam(ctx, jamId);
    const idea = await this.deps.readModels.posts.post(ideaId);
    const group = idea?.audience.kind === 'group' ? await this.deps.readModels.groups.group(idea.audience.groupId) : null;
    // An idea the voter cannot see does not exist for them (FEED.POST_NOT_FOUND).
    if (!idea || idea.kind !== 'idea' || !canSee(viewer, postFacts(idea, group))) throw new FeedNotFoundError('post', ideaId);
    const actor = await actorOf(this.deps, ctx.caller);
    const view = { jamId, phase: jamPhaseOf(jam, this.deps.clock.now()), votesPerPerson: jam.votesPerPerson, audience: jam.audience };
    const ideaView = { ideaId, authorId: idea.authorId, available: idea.moderation === 'visible' && !idea.deletedBy, ...(idea.jamId ? { jamId: idea.jamId } : {}) };
    await execute(this.deps, streamId('jamballot', jamBallotId(jamId, actor.userId)), jamBallotDecider, { type: 'VoteForIdea', actor, jam: view, idea: ideaView }, metadataOf(ctx));
    return this.get(ctx, jamId);
  }

  async withdrawVote(ctx: RequestContext, jamId: string, ideaId: string): Promise<JamRepresentation> {
    const { jam } = await this.visibleJam(ctx, jamId);
    const actor = await actorOf(this.deps, ctx.caller);
    const view = { jamId, phase: jamPhaseOf(jam, this.deps.clock.now()), votesPerPerson: jam.votesPerPerson, audience: jam.audience };
    await execute(this.deps, streamId('jamballot', jamBallotId(jamId, actor.userId)), jamBallotDecider, { type: 'WithdrawJamVote', actor, jam: view, ideaId }, metadataOf(ctx));
    return this.get(ctx, jamId);
  }

  private async manage(ctx: RequestContext, jamId: string, command: (actor: Awaited<ReturnType<typeof actorOf>>, now: Date) => IdeaJamCommand): Promise<JamRepresentation> {
    await this.visibleJam(ctx, jamId);
    const actor = await actorOf(this.deps, ctx.caller);
    await execute(this.deps, streamId('ideajam', jamId), ideaJamDecider, command(actor, this.deps.clock.now()), metadataOf(ctx));
    return this.get(ctx, jamId);
  }

  private async visibleJam(ctx: RequestContext, jamId: string): Promise<{ viewer: Viewer; jam: IdeaJamView }> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const jam = await this.deps.readModels.jams.jam(jamId);
    if (!jam || !(await this.visibleTo(viewer, jam))) throw new FeedNotFoundError('idea-jam', jamId);
    return { viewer, jam };
  }

  private async visibleTo(viewer: Viewer, jam: IdeaJamView): Promise<boolean> {
    const group: GroupView | null = jam.audience.kind === 'group' ? await this.deps.readModels.groups.group(jam.audience.groupId) : null;
    return canSee(viewer, scopedFacts(jam.audience, jam.managerId, group));
  }

}
