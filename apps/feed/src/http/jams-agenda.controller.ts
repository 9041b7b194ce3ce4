import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Delete, Query, UseGuards } from '@nestjs/common';
import type { AgendaDetails, ScopedAudience } from '@plein/feed/contracts';
import { AgendaService, JamService, type RequestContext, type ScheduleJamInput } from '@plein/feed/application';
import { PlatformAuthGuard } from '@plein/shared/auth';
import { Input, pageLimit, pathUuid } from './input';
import { parseAudience } from './post-input';
import { Ctx } from './request-context';

/** Idea jams. Ideas are submitted as posts (`POST /v1/posts`, kind idea, `jamId`). Invisible jams answer 404. */
@Controller('v1/jams')
@UseGuards(PlatformAuthGuard)
export class JamsController {
  constructor(private readonly jams: JamService) {}

  @Post()
  @HttpCode(201)
  schedule(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const input = new Input(body);
    const audienceInput = input.object('audience');
    const audience = parseAudience(audienceInput, true) as ScopedAudience | undefined;
    const title = input.string('title', { max: 1_000 });
    const question = input.string('question', { max: 10_000 });
    const opensAt = input.string('opensAt', { optional: true, max: 40 });
    const closesAt = input.string('closesAt', { max: 40 });
    const votesPerPerson = input.has('votesPerPerson') ? input.integer('votesPerPerson') : 3;
    input.done(audienceInput);
    const jam: ScheduleJamInput = { audience: audience!, title: title!, question: question!, opensAt: opensAt ?? new Date().toISOString(), closesAt: closesAt!, votesPerPerson: votesPerPerson! };
    return this.jams.schedule(ctx, jam);
  }

  @Get(':jamId')
  get(@Ctx() ctx: RequestContext, @Param('jamId') jamId: string) {
    return this.jams.get(ctx, pathUuid(jamId, 'jamId'));
  }

  @Post(':jamId/close')
  @HttpCode(200)
  close(@Ctx() ctx: RequestContext, @Param('jamId') jamId: string) {
    return this.jams.close(ctx, pathUuid(jamId, 'jamId'));
  }

  @Post(':jamId/cancel')
  @HttpCode(200)
  cancel(@Ctx() ctx: RequestContext, @Param('jamId') jamId: string, @Body() body: unknown) {
    const input = new Input(body ?? {});
    const note = input.string('note', { optional: true, max: 2_000 });
    input.done();
    return this.jams.cancel(ctx, pathUuid(jamId, 'jamId'), note);
  }

  @Post(':jamId/outcomes')
  @HttpCode(200)
  outcomes(@Ctx() ctx: RequestContext, @Param('jamId') jamId: string, @Body() body: unknown) {
    const input = new Input(body);
    const summary = input.string('summary', { max: 10_000 });
    const selected = input.strings('selectedIdeaIds', 50);
    input.done();
    return this.jams.publishOutcomes(ctx, pathUuid(jamId, 'jamId'), summary!, selected!);
  }

  @Put(':jamId/votes/:ideaId')
  vote(@Ctx() ctx: RequestContext, @Param('jamId') jamId: string, @Param('ideaId') ideaId: string) {
    return this.jams.vote(ctx, pathUuid(jamId, 'jamId'), pathUuid(ideaId, 'ideaId'));
  }

  @Delete(':jamId/votes/:ideaId')
  withdraw(@Ctx() ctx: RequestContext, @Param('jamId') jamId: string, @Param('ideaId') ideaId: string) {
    return this.jams.withdrawVote(ctx, pathUuid(jamId, 'jamId'), pathUuid(ideaId, 'ideaId'));
  }
}

function parseDetails(input: Input | undefined): AgendaDetails | undefined {
  if (!input) return undefined;
  const kind = input.oneOf('kind', ['event', 'static'] as const);
  const title = input.string('title', { max: 1_000 }) ?? '';
  const description = input.string('description', { optional: true, max: 20_000 }) ?? '';
  if (kind === 'static') {
    const visibleUntil = input.string('visibleUntil', { optional: true, max: 40 });
    return { kind, title, description, ...(visibleUntil ? { visibleUntil } : {}) };
  }
  const startsAt = input.string('startsAt', { max: 40 }) ?? '';
  const endsAt = input.string('endsAt', { max: 40 }) ?? '';
  const location = input.string('location', { optional: true, max: 1_000 });
  const onlineUrl = input.string('onlineUrl', { optional: true, max: 2_000 });
  const capacity = input.integer('capacity');
  return { kind: 'event', title, description, startsAt, endsAt, ...(location ? { location } : {}), ...(onlineUrl ? { onlineUrl } : {}), ...(capacity !== undefined ? { capacity } : {}) };
}

/** Agenda items (events with RSVP and static items), outside the news feed. Invisible items answer 404. */
@Controller('v1/agenda')
@UseGuards(PlatformAuthGuard)
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Post()
  @HttpCode(201)
  schedule(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const input = new Input(body);
    const audienceInput = input.object('audience');
    const detailsInput = input.object('details');
    const audience = parseAudience(audienceInput, true) as ScopedAudience | undefined;
    const details = parseDetails(detailsInput);
    input.done(audienceInput, detailsInput);
    return this.agenda.schedule(ctx, { audience: audience!, details: details! });
  }

  @Get()
  async upcoming(@Ctx() ctx: RequestContext, @Query('limit') limit?: string) {
    return this.agenda.upcoming(ctx, pageLimit(limit, 20, 100));
  }

  @Get(':agendaItemId')
  get(@Ctx() ctx: RequestContext, @Param('agendaItemId') id: string) {
    return this.agenda.get(ctx, pathUuid(id, 'agendaItemId'));
  }

  @Patch(':agendaItemId')
  revise(@Ctx() ctx: RequestContext, @Param('agendaItemId') id: string, @Body() body: unknown) {
    const input = new Input(body);
    const detailsInput = input.object('details');
    const details = parseDetails(detailsInput);
    input.done(detailsInput);
    return this.agenda.revise(ctx, pathUuid(id, 'agendaItemId'), details!);
  }

  @Post(':agendaItemId/cancel')
  @HttpCode(200)
  cancel(@Ctx() ctx: RequestContext, @Param('agendaItemId') id: string, @Body() body: unknown) {
    const input = new Input(body ?? {});
    const note = input.string('note', { optional: true, max: 2_000 });
    input.done();
    return this.agenda.cancel(ctx, pathUuid(id, 'agendaItemId'), note);
  }

  @Put(':agendaItemId/rsvp')
  rsvp(@Ctx() ctx: RequestContext, @Param('agendaItemId') id: string, @Body() body: unknown) {
    const input = new Input(body);
    const answer = input.oneOf('answer', ['yes', 'maybe', 'no'] as const);
    input.done();
    return this.agenda.rsvp(ctx, pathUuid(id, 'agendaItemId'), answer!);
  }
}
