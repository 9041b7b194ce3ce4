import { Controller, UseGuards } from '@nestjs/common';
import { AgendaService, JamService, type RequestContext } from '@plein/feed/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import * as R from './routes';

/** Idea jams. Ideas are submitted as posts (`POST /v1/posts`, kind idea, `jamId`). Invisible jams answer 404. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class JamsController {
  constructor(private readonly jams: JamService) {}

  @Endpoint(R.SCHEDULE_JAM)
  schedule(@PlatformCtx() ctx: RequestContext, @RequestInput() { body }: InputOf<typeof R.SCHEDULE_JAM>) {
    return this.jams.schedule(ctx, { ...body, opensAt: body.opensAt ?? new Date().toISOString() });
  }

  @Endpoint(R.LIST_JAMS)
  list(@PlatformCtx() ctx: RequestContext, @RequestInput() { query }: InputOf<typeof R.LIST_JAMS>) {
    return this.jams.list(ctx, query.limit, query.after ?? null);
  }

  @Endpoint(R.GET_JAM)
  get(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.GET_JAM>) {
    return this.jams.get(ctx, params.jamId);
  }

  @Endpoint(R.CLOSE_JAM)
  close(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.CLOSE_JAM>) {
    return this.jams.close(ctx, params.jamId);
  }

  @Endpoint(R.CANCEL_JAM)
  cancel(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.CANCEL_JAM>) {
    return this.jams.cancel(ctx, params.jamId, body.note);
  }

  @Endpoint(R.JAM_OUTCOMES)
  outcomes(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.JAM_OUTCOMES>) {
    return this.jams.publishOutcomes(ctx, params.jamId, body.summary, body.selectedIdeaIds);
  }

  @Endpoint(R.JAM_VOTE)
  vote(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.JAM_VOTE>) {
    return this.jams.vote(ctx, params.jamId, params.ideaId);
  }

  @Endpoint(R.JAM_UNVOTE)
  withdraw(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.JAM_UNVOTE>) {
    return this.jams.withdrawVote(ctx, params.jamId, params.ideaId);
  }
}

/** Agenda items (events with RSVP and static items), outside the news feed. Invisible items answer 404. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Endpoint(R.SCHEDULE_AGENDA_ITEM)
  schedule(@PlatformCtx() ctx: RequestContext, @RequestInput() { body }: InputOf<typeof R.SCHEDULE_AGENDA_ITEM>) {
    return this.agenda.schedule(ctx, body);
  }

  @Endpoint(R.UPCOMING_AGENDA)
  async upcoming(@PlatformCtx() ctx: RequestContext, @RequestInput() { query }: InputOf<typeof R.UPCOMING_AGENDA>) {
    return this.agenda.upcoming(ctx, query.limit, query.after ?? null);
  }

  @Endpoint(R.GET_AGENDA_ITEM)
  get(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof R.GET_AGENDA_ITEM>) {
    return this.agenda.get(ctx, params.agendaItemId);
  }

  @Endpoint(R.REVISE_AGENDA_ITEM)
  revise(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.REVISE_AGENDA_ITEM>) {
    return this.agenda.revise(ctx, params.agendaItemId, body.details);
  }

  @Endpoint(R.CANCEL_AGENDA_ITEM)
  cancel(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.CANCEL_AGENDA_ITEM>) {
    return this.agenda.cancel(ctx, params.agendaItemId, body.note);
  }

  @Endpoint(R.RSVP)
  rsvp(@PlatformCtx() ctx: RequestContext, @RequestInput() { params, body }: InputOf<typeof R.RSVP>) {
    return this.agenda.rsvp(ctx, params.agendaItemId, body.answer);
  }
}
