import { Controller, UseGuards } from '@nestjs/common';
import { RuleService, ScreeningService, type ModerationContext } from '@plein/moderation/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import * as R from './rules.routes';

/** Compose-time rules, the dry run and the etiquette. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class RulesController {
  constructor(private readonly rules: RuleService) {}

  @Endpoint(R.DEFINE_RULE)
  define(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query, body }: InputOf<typeof R.DEFINE_RULE>) {
    return this.rules.define(ctx, query.groupId, body);
  }

  @Endpoint(R.LIST_RULES)
  list(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.LIST_RULES>) {
    return this.rules.list(ctx, query.groupId, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  @Endpoint(R.CHANGE_RULE)
  change(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, query, body }: InputOf<typeof R.CHANGE_RULE>) {
    return this.rules.change(ctx, query.groupId, params.ruleId, body);
  }

  @Endpoint(R.RETIRE_RULE)
  async retire(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, query }: InputOf<typeof R.RETIRE_RULE>): Promise<void> {
    await this.rules.retire(ctx, query.groupId, params.ruleId);
  }

  @Endpoint(R.CHECK_DRAFT)
  check(@PlatformCtx() ctx: ModerationContext, @RequestInput() { body }: InputOf<typeof R.CHECK_DRAFT>) {
    return this.rules.check(ctx, { body: body.body, ...(body.title !== undefined ? { title: body.title } : {}), ...(body.groupId ? { groupId: body.groupId } : {}) });
  }

  @Endpoint(R.GET_PREMODERATION)
  premoderation(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.GET_PREMODERATION>) {
    return this.rules.premoderation(ctx, query.groupId);
  }

  @Endpoint(R.SET_PREMODERATION)
  setPremoderation(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query, body }: InputOf<typeof R.SET_PREMODERATION>) {
    return this.rules.changePremoderation(ctx, query.groupId, body);
  }

  @Endpoint(R.GET_ETIQUETTE)
  async etiquette() {
    return { etiquette: await this.rules.etiquette() };
  }

  @Endpoint(R.SET_ETIQUETTE)
  async setEtiquette(@PlatformCtx() ctx: ModerationContext, @RequestInput() { body }: InputOf<typeof R.SET_ETIQUETTE>) {
    return { etiquette: await this.rules.changeEtiquette(ctx, body) };
  }
}

/** Review of what compose-time rules held for approval or flagged. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class ScreeningsController {
  constructor(private readonly screenings: ScreeningService) {}

  @Endpoint(R.LIST_SCREENINGS)
  list(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.LIST_SCREENINGS>) {
    return this.screenings.list(ctx, { status: query.status, ...(query.groupId ? { groupId: query.groupId } : {}) }, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  @Endpoint(R.APPROVE_SCREENING)
  approve(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, body }: InputOf<typeof R.APPROVE_SCREENING>) {
    return this.screenings.decide(ctx, params.contentType, params.contentId, 'approved', body.note);
  }

  @Endpoint(R.REJECT_SCREENING)
  reject(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, body }: InputOf<typeof R.REJECT_SCREENING>) {
    return this.screenings.decide(ctx, params.contentType, params.contentId, 'rejected', body.note);
  }
}
