import type { AgendaDetails, RsvpAnswer, ScopedAudience } from '@plein/feed/contracts';
import { agendaItemDecider, canSee, FeedNotFoundError, rsvpDecider, rsvpId, type AgendaItemCommand, type AgendaItemState, type Viewer } from '@plein/feed/domain';
import { streamId } from '@plein/shared/kernel';
import { actorOf, execute, groupContextOf, metadataOf, newId, viewerOf, type FeedDependencies, type RequestContext } from '../context';
import { scopedFacts } from '../ideas/jam-phase';
import type { AgendaItemView, GroupView, Page } from '../ports';

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
    const group = await groupContextOf(this.deps, input.audience, actor.userId);
    const command: AgendaItemCommand = { type: 'ScheduleAgendaItem', agendaItemId, actor, audience: input.audience, details: input.details, policy: this.deps.policy, ...(group ? { group } : {}), now: this.deps.clock.now() };
    await execute(this.deps, streamId('agendaitem', agendaItemId), agendaItemDecider, command, metadataOf(ctx));
    return this.get(ctx, agendaItemId);
  }

  async get(ctx: RequestContext, agendaItemId: string): Promise<AgendaItemRepresentation> {
    const { viewer, item } = await this.visibleItem(ctx, agendaItemId);
    return this.represent(viewer, item);
  }

  /** Upcoming and current items the caller may see, soonest first. */
  async upcoming(ctx: RequestContext, limit: number): Promise<Page<AgendaItemRepresentation>> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const items = await this.deps.readModels.agenda.upcoming(this.deps.clock.now().toISOString(), limit);
    const visible: AgendaItemRepresentation[] = [];
    for (const item of items) if (await this.visibleTo(viewer, item)) visible.push(await this.represent(viewer, item));
    return { items: visible, next: null };
  }

  async revise(ctx: RequestContext, agendaItemId: string, details: AgendaDetails): Promise<AgendaItemRepresentation> {
    return this.manage(ctx, agendaItemId, (actor) => ({ type: 'ReviseAgendaItem', agendaItemId, actor, details, now: this.deps.clock.now() }));
  }

  async cancel(ctx: RequestContext, agendaItemId: string, note?: string): Promise<AgendaItemRepresentation> {
    return this.manage(ctx, agendaItemId, (actor) => ({ type: 'CancelAgendaItem', agendaItemId, actor, ...(note !== undefined ? { note } : {}) }));
  }

  /** yes / maybe / no, changeable until the event starts; `yes` needs a free place. */
  async rsvp(ctx: RequestContext, agendaItemId: string, answer: string): Promise<AgendaItemRepresentation> {
    const { viewer, item } = await this.visibleItem(ctx, agendaItemId);
    const actor = await actorOf(this.deps, ctx.caller);
    const counts = await this.deps.readModels.agenda.rsvpCounts(agendaItemId);
    const state: AgendaItemState = { status: item.status, organiserId: item.organiserId, audience: item.audience, details: item.details };
    await execute(
      this.deps,
      streamId('rsvp', rsvpId(agendaItemId, actor.userId)),
      rsvpDecider,
      { type: 'AnswerRsvp', agendaItemId, actor, item: state, answer, yesCount: counts.yes, now: this.deps.clock.now() },
      metadataOf(ctx),
    );
    return this.represent(viewer, item);
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
