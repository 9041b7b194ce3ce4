import { Controller, Res, UseGuards } from '@nestjs/common';
import { ModerationService, type ModerationContext } from '@plein/moderation/application';
import type { AuditEntry } from '@plein/moderation/domain';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import type { Response } from 'express';
import { once } from 'node:events';
import * as R from './routes';

/** Reports, the review queue, decisions and appeals, metrics. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Endpoint(R.REPORT)
  report(@PlatformCtx() ctx: ModerationContext, @RequestInput() { body }: InputOf<typeof R.REPORT>) {
    return this.moderation.report(ctx, { contentType: body.contentType, contentId: body.contentId, reason: body.reason, ...(body.text ? { text: body.text } : {}) });
  }

  @Endpoint(R.REPORT_REASONS)
  reportReasons() {
    return this.moderation.reportReasons();
  }

  @Endpoint(R.MY_REPORTS)
  myReports(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.MY_REPORTS>) {
    return this.moderation.myReports(ctx, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  @Endpoint(R.QUEUE)
  queue(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.QUEUE>) {
    const { status, reason, groupId, cursor, limit } = query;
    return this.moderation.queue(ctx, { status, ...(reason ? { reason } : {}), ...(groupId ? { groupId } : {}) }, { limit, ...(cursor ? { cursor } : {}) });
  }

  @Endpoint(R.GET_CASE)
  getCase(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params }: InputOf<typeof R.GET_CASE>) {
    return this.moderation.getCase(ctx, params.contentType, params.contentId);
  }

  @Endpoint(R.CLAIM)
  claim(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params }: InputOf<typeof R.CLAIM>) {
    return this.moderation.claim(ctx, params.contentType, params.contentId);
  }

  @Endpoint(R.ASSIGN)
  assign(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, body }: InputOf<typeof R.ASSIGN>) {
    return this.moderation.assign(ctx, params.contentType, params.contentId, body.moderatorId);
  }

  @Endpoint(R.RELEASE)
  release(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params }: InputOf<typeof R.RELEASE>) {
    return this.moderation.release(ctx, params.contentType, params.contentId);
  }

  @Endpoint(R.DECIDE)
  decide(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, body }: InputOf<typeof R.DECIDE>) {
    const { restrictedUntil, escalatedTo, ...rest } = body;
    return this.moderation.decide(ctx, params.contentType, params.contentId, { ...rest, ...(restrictedUntil ? { restrictedUntil } : {}), ...(escalatedTo ? { escalatedTo } : {}) });
  }

  @Endpoint(R.MY_DECISIONS)
  myDecisions(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.MY_DECISIONS>) {
    return this.moderation.myDecisions(ctx, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  @Endpoint(R.GET_DECISION)
  getDecision(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params }: InputOf<typeof R.GET_DECISION>) {
    return this.moderation.getDecision(ctx, params.decisionId);
  }

  @Endpoint(R.APPEAL)
  appeal(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, body }: InputOf<typeof R.APPEAL>) {
    return this.moderation.appeal(ctx, params.decisionId, body.text);
  }

  @Endpoint(R.DECIDE_APPEAL)
  decideAppeal(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params, body }: InputOf<typeof R.DECIDE_APPEAL>) {
    return this.moderation.decideAppeal(ctx, params.decisionId, body);
  }

  @Endpoint(R.METRICS)
  metrics(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.METRICS>) {
    return this.moderation.metrics(ctx, query.groupId);
  }
}

const CSV_COLUMNS = ['seq', 'occurredAt', 'action', 'actorId', 'subject', 'eventId', 'data', 'prevHash', 'hash'] as const;
/** One CSV cell: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
function csvCell(value: unknown): string {
  let text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const csvLine = (entry: AuditEntry): string => CSV_COLUMNS.map((c) => csvCell(entry[c])).join(',');

/** The audit log: export, verification, retention and legal holds (administrators only). */
@Controller()
@UseGuards(PlatformAuthGuard)
export class AuditController {
  constructor(private readonly moderation: ModerationService) {}

  @Endpoint(R.AUDIT_EXPORT)
  async export(@PlatformCtx() ctx: ModerationContext, @RequestInput() { query }: InputOf<typeof R.AUDIT_EXPORT>, @Res() res: Response): Promise<void> {
    this.moderation.assertAdmin(ctx);
    const log = this.moderation.auditLog;
    const next = await log.nextAfter(query.afterSeq, query.limit);
    if (next !== null) res.setHeader('Plein-Next-After-Seq', String(next));
    res.status(200).type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8');
    if (query.format === 'csv') res.write(`${CSV_COLUMNS.join(',')}\n`);
    // Streamed from a database cursor: memory stays bounded by the cursor batch, not the page size.
    try {
      for await (const entry of log.entries(query.afterSeq, query.limit)) {
        if (!res.write(`${query.format === 'csv' ? csvLine(entry) : JSON.stringify(entry)}\n`)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      // Part of the body is out: no problem document can follow, so the client sees a cut connection, not a short export.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  @Endpoint(R.AUDIT_VERIFY)
  verify(@PlatformCtx() ctx: ModerationContext) {
    this.moderation.assertAdmin(ctx);
    return this.moderation.auditLog.verify();
  }

  @Endpoint(R.AUDIT_PURGE)
  purge(@PlatformCtx() ctx: ModerationContext) {
    return this.moderation.purgeAudit(ctx);
  }

  @Endpoint(R.HOLD)
  async hold(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params }: InputOf<typeof R.HOLD>): Promise<void> {
    this.moderation.assertAdmin(ctx);
    await this.moderation.auditLog.hold(params.subject, ctx.caller.userId, true);
  }

  @Endpoint(R.LIFT_HOLD)
  async liftHold(@PlatformCtx() ctx: ModerationContext, @RequestInput() { params }: InputOf<typeof R.LIFT_HOLD>): Promise<void> {
    this.moderation.assertAdmin(ctx);
    await this.moderation.auditLog.hold(params.subject, ctx.caller.userId, false);
  }
}
