import { ROSTER_OPENING_HOLDERS_MAX, type AgendaDetails, type RsvpAnswer, type ScopedAudience } from '@plein/feed/contracts';
import { agendaItemDecider, canSee, FeedNotFoundError, rsvpDecider, rsvpId, type Actor, type AgendaItemCommand, type AgendaItemState, type RosterCommand, type Viewer } from '@plein/feed/domain';
import { streamId, ValidationError, type CommandMetadata } from '@plein/shared/kernel';
import { actorOf, execute, groupContextOf, metadataOf, newId, viewerOf, type FeedDependencies, type RequestContext } from '../context';
import { currentRoster, currentState, reconcile, releasePlace, takePlace } from '../places';
import { scopedFacts } from '../ideas/jam-phase';
import { checkPageSize, pageOf } from '../paging';
import type { AgendaCursor, AgendaItemView, GroupView, Page } from '../ports';

export interface AgendaItemRepresentation extends AgendaItemView {
  readonly rsvps: Record<RsvpAnswer, number>;
  /** Free places for `yes` (null: unlimited or not an event). */
  readonly placesLeft: number | null;
  readonly you: { readonly rsvp: RsvpAnswer | null };
}

/**
 * Agenda items (events with RSVP, static items): outside the news feed, with the audience rules
 * of posts; an item the caller cannot see answers not-found like a missing one.
 */
export class AgendaService {
  constructor(private readonly deps: FeedDependencies) {}

  async schedule(ctx: RequestContext, input: { audience: ScopedAudience; details: AgendaDetails }): Promise<AgendaItemRepresentation> {
    const agendaItemId = await newId(this.deps, 'feed.agendaitem', ctx);
    const actor = await actorOf(this.deps, ctx.caller);
    const group = await groupContextOf(this.deps, input.audience, actor);
    const command: AgendaItemCommand = { type: 'ScheduleAgendaItem', agendaItemId, actor, audience: input.audience, details: input.details, policy: this.deps.policy, ...(group ? { group } : {}), now: this.deps.clock.now() };
    await execute(this.deps, streamId('agendaitem', agendaItemId), agendaItemDecider, command, metadataOf(ctx));
    return this.get(ctx, agendaItemId);
  }

  async get(ctx: RequestContext, agendaItemId: string): Promise<AgendaItemRepresentation> {
    const { viewer, item } = await this.visibleItem(ctx, agendaItemId);
    return this.represent(viewer, item);
  }

  /**
   * Upcoming and current items the caller may see, soonest first, paged: visibility is filtered in
   * the query (AgendaReadModel.upcoming), so a page is full while more visible items follow, and
   * `next` is the last item shown. The policy runs on every row as well.
   */
  async upcoming(ctx: RequestContext, limit: number, after: string | null = null): Promise<Page<AgendaItemRepresentation>> {
    checkPageSize(limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    if (!viewer.active) return { items: [], next: null };
    const cursor = after === null ? null : await this.cursorAt(viewer, after);
    const rows = await this.deps.readModels.agenda.upcoming(this.deps.clock.now().toISOString(), cursor, limit + 1, [...viewer.groupMemberships.keys()]);
    const page = pageOf(rows, limit, (i) => i.agendaItemId);
    // The items' groups in one batched lookup, then the policy on each item.
    const groupIds = [...new Set(page.items.flatMap((i) => (i.audience.kind === 'group' ? [i.audience.groupId] : [])))];
    const groups = groupIds.length ? await this.deps.readModels.groups.groups(groupIds) : new Map<string, GroupView>();
    const shown = page.items.filter((i) => canSee(viewer, scopedFacts(i.audience, i.organiserId, i.audience.kind === 'group' ? (groups.get(i.audience.groupId) ?? null) : null)));
    const next = page.next !== null && shown.length > 0 ? shown[shown.length - 1]!.agendaItemId : null;
    return { items: await Promise.all(shown.map((i) => this.represent(viewer, i))), next };
  }

  /** The position of a page's `after`: an item the caller may see, else a validation error naming `query.after`. */
  private async cursorAt(viewer: Viewer, agendaItemId: string): Promise<AgendaCursor> {
    const item = await this.deps.readModels.agenda.item(agendaItemId);
    if (!item || !(await this.visibleTo(viewer, item))) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'query.after', message: 'is not an agenda item of this listing' }]);
    return { agendaItemId, startsAt: item.details.kind === 'event' ? item.details.startsAt : null };
  }

  async revise(ctx: RequestContext, agendaItemId: string, details: AgendaDetails): Promise<AgendaItemRepresentation> {
    return this.manage(ctx, agendaItemId, (actor) => ({ type: 'ReviseAgendaItem', agendaItemId, actor, details, now: this.deps.clock.now() }));
  }

  async cancel(ctx: RequestContext, agendaItemId: string, note?: string): Promise<AgendaItemRepresentation> {
    return this.manage(ctx, agendaItemId, (actor) => ({ type: 'CancelAgendaItem', agendaItemId, actor, ...(note !== undefined ? { note } : {}) }));
  }

  /**
   * yes / maybe / no, changeable until the event starts; `yes` needs a place on the event's roster
   * (taken first, FEED.EVENT_FULL when none is free); another answer gives the place back after it
   * is recorded (places.ts).
   */
  async rsvp(ctx: RequestContext, agendaItemId: string, answer: string): Promise<AgendaItemRepresentation> {
    const { viewer, item } = await this.visibleItem(ctx, agendaItemId);
    const actor = await actorOf(this.deps, ctx.caller);
    const state: AgendaItemState = { status: item.status, organiserId: item.organiserId, audience: item.audience, details: item.details };
    const now = this.deps.clock.now();
    const capacity = item.details.kind === 'event' ? item.details.capacity : undefined;
    const placeHeld = answer === 'yes' ? await takePlace(this.deps, ctx, agendaItemId, await this.takeCommand(agendaItemId, actor, state, now), capacity) : true;
    await this.answer(agendaItemId, actor, state, answer, placeHeld, now, metadataOf(ctx));
    if (item.details.kind === 'event') {
      if (answer !== 'yes') await releasePlace(this.deps, ctx, agendaItemId, actor.userId, item.audience);
      await reconcile(this.deps, ctx, agendaItemId, {
        recorded: async () => (await currentState(this.deps, streamId('rsvp', rsvpId(agendaItemId, actor.userId)), rsvpDecider)).answer === 'yes',
        take: () => this.takeCommand(agendaItemId, actor, state, now),
        userId: actor.userId,
        capacity,
        // No place to be had for this yes (the person's own answers raced): they may still come.
        undo: (metadata) => this.answer(agendaItemId, actor, state, 'maybe', true, now, metadata),
      });
    }
    return this.represent(viewer, item);
  }

  private answer(agendaItemId: string, actor: Actor, item: AgendaItemState, answer: string, placeHeld: boolean, now: Date, metadata: CommandMetadata) {
    return execute(this.deps, streamId('rsvp', rsvpId(agendaItemId, actor.userId)), rsvpDecider, { type: 'AnswerRsvp', agendaItemId, actor, item, answer, placeHeld, now }, metadata);
  }

  /** The yes answers so far are read only when the event has a capacity and its roster is not open yet. */
  private async takeCommand(agendaItemId: string, actor: Actor, item: AgendaItemState, now: Date): Promise<Extract<RosterCommand, { type: 'TakeEventPlace' }>> {
    const limited = item.status !== 'absent' && item.details.kind === 'event' && item.details.capacity !== undefined;
    const holders = limited && !(await currentRoster(this.deps, agendaItemId)).opened ? await this.deps.readModels.agenda.yesAnswers(agendaItemId, ROSTER_OPENING_HOLDERS_MAX) : [];
    return { type: 'TakeEventPlace', actor, agendaItemId, item, holders, now };
  }

  private async manage(ctx: RequestContext, agendaItemId: string, command: (actor: Awaited<ReturnType<typeof actorOf>>) => AgendaItemCommand): Promise<AgendaItemRepresentation> {
    await this.visibleItem(ctx, agendaItemId);
    const actor = await actorOf(this.deps, ctx.caller);
    await execute(this.deps, streamId('agendaitem', agendaItemId), agendaItemDecider, command(actor), metadataOf(ctx));
    return this.get(ctx, agendaItemId);
  }

  private async represent(viewer: Viewer, item: AgendaItemView): Promise<AgendaItemRepresentation> {
    const [rsvps, mine] = await Promise.all([this.deps.readModels.agenda.rsvpCounts(item.agendaItemId), this.deps.readModels.agenda.rsvp(item.agendaItemId, viewer.userId)]);
    const capacity = item.details.kind === 'event' ? item.details.capacity : undefined;
    return { ...item, rsvps, placesLeft: capacity === undefined ? null : Math.max(0, capacity - rsvps.yes), you: { rsvp: mine } };
  }

  private async visibleTo(viewer: Viewer, item: AgendaItemView): Promise<boolean> {
    const group: GroupView | null = item.audience.kind === 'group' ? await this.deps.readModels.groups.group(item.audience.groupId) : null;
    return canSee(viewer, scopedFacts(item.audience, item.organiserId, group));
  }

  private async visibleItem(ctx: RequestContext, agendaItemId: string): Promise<{ viewer: Viewer; item: AgendaItemView }> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const item = await this.deps.readModels.agenda.item(agendaItemId);
    if (!item || !(await this.visibleTo(viewer, item))) throw new FeedNotFoundError('agenda-item', agendaItemId);
    return { viewer, item };
  }

}
