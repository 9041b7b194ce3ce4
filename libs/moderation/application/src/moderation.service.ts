import type { AppealOutcome, DecisionKind, EscalationTarget, ModerationReason, ReportableContentType } from '@plein/moderation/contracts';
import { caseDecider, caseId, inScope, mayTakeOver, moderatorScope, canSeeContent, type AudienceFacts, type CaseCommand, type ContentFacts, type ModeratorScope } from '@plein/moderation/domain';
import { commandMetadata, executeCommand, idempotencyUuid } from '@plein/shared/event-sourcing';
import { ForbiddenError, NotFoundError, streamId, uuidv7, ValidationError } from '@plein/shared/kernel';
import type { DecisionView, ModerationContext, ModerationDeps, ModerationMetrics, MyReport, Page, PageRequest, QueueFilter, QueueItem } from './ports';

export const MODERATION_ERRORS = {
  contentNotFound: 'MODERATION.CONTENT_NOT_FOUND',
  caseNotFound: 'MODERATION.CASE_NOT_FOUND',
  decisionNotFound: 'MODERATION.DECISION_NOT_FOUND',
  notModerator: 'MODERATION.NOT_A_MODERATOR',
  notAdmin: 'MODERATION.NOT_AN_ADMINISTRATOR',
  invalidReport: 'MODERATION.INVALID_REPORT',
  invalidDecision: 'MODERATION.INVALID_DECISION',
  invalidAssignee: 'MODERATION.INVALID_ASSIGNEE',
  groupNotFound: 'MODERATION.GROUP_NOT_FOUND',
} as const;

export interface ReportInput {
  readonly contentType: ReportableContentType;
  readonly contentId: string;
  readonly reason: ModerationReason;
  readonly text?: string;
}
export interface DecisionInput {
  readonly kind: DecisionKind;
  readonly reasonCode: ModerationReason;
  readonly rule: string;
  readonly statement: string;
  readonly restrictedUntil?: string;
  readonly escalatedTo?: EscalationTarget;
}

const isAdmin = (ctx: ModerationContext): boolean => ctx.caller.roles.includes('admin');

/**
 * Reports, the review queue, decisions and appeals. Every read and command first asks who the
 * caller is to the content: reporters only report what they can see; moderators only act on cases
 * in their scope (organisation moderators: all; a group's owners and moderators: that group's).
 * Anything outside answers 404, as for something missing.
 */
export class ModerationService {
  constructor(private readonly deps: ModerationDeps) {}

  /** Files a report; a second report by the same person on the same item changes nothing. */
  async report(ctx: ModerationContext, input: ReportInput): Promise<{ caseId: string; contentType: ReportableContentType; contentId: string; reason: ModerationReason; counted: boolean }> {
    // `rule` is the system's reason (a flag rule matched), never a person's, whatever the installation offers.
    if (!this.offeredReasons().includes(input.reason)) {
      throw new ValidationError(MODERATION_ERRORS.invalidReport, [{ field: 'body.reason', message: `must be one of ${this.offeredReasons().join(', ')}` }]);
    }
    if (input.reason === 'other' && !input.text?.trim()) {
      throw new ValidationError(MODERATION_ERRORS.invalidReport, [{ field: 'body.text', message: 'is required when the reason is other' }]);
    }
    const content = await this.visibleContent(ctx.caller.userId, input.contentType, input.contentId);
    const command: CaseCommand = { type: 'FileReport', content, reporterId: ctx.caller.userId, reason: input.reason, ...(input.text ? { text: input.text } : {}) };
    const result = await this.execute(ctx, content.contentType, content.contentId, command);
    return { caseId: caseId(content.contentType, content.contentId), contentType: content.contentType, contentId: content.contentId, reason: input.reason, counted: result.events.length > 0 };
  }

  /**
   * The reasons this installation offers reporters (MODERATION_REPORT_REASONS, in its order; never
   * the system's `rule`), so a client shows exactly the list `report` accepts; `other` needs a text.
   */
  reportReasons(): { reasons: { code: ModerationReason; textRequired: boolean }[] } {
    return { reasons: this.offeredReasons().map((code) => ({ code, textRequired: code === 'other' })) };
  }

  myReports(ctx: ModerationContext, page: PageRequest): Promise<Page<MyReport>> {
    return this.deps.cases.myReports(ctx.caller.userId, page);
  }

  async queue(ctx: ModerationContext, filter: QueueFilter, page: PageRequest): Promise<Page<QueueItem>> {
    const scope = await this.scopeOf(ctx);
    if (scope.kind === 'none') throw new ForbiddenError(MODERATION_ERRORS.notModerator, 'the review queue is for organisation moderators, group owners and moderators, and HR/legal (escalated cases)');
    return this.deps.cases.queue(scope, filter, page, this.deps.clock.now());
  }

  async getCase(ctx: ModerationContext, contentType: ReportableContentType, contentId: string): Promise<QueueItem> {
    return (await this.caseInScope(ctx, contentType, contentId)).item;
  }

  async claim(ctx: ModerationContext, contentType: ReportableContentType, contentId: string): Promise<QueueItem> {
    await this.caseInScope(ctx, contentType, contentId);
    await this.execute(ctx, contentType, contentId, { type: 'ClaimCase', moderatorId: ctx.caller.userId });
    return this.getCase(ctx, contentType, contentId);
  }

  /**
   * Hands the case to a moderator whose scope covers it (a group's moderators for its cases,
   * organisation moderators for any); someone else is refused with 400 naming body.moderatorId.
   */
  async assign(ctx: ModerationContext, contentType: ReportableContentType, contentId: string, assigneeId: string): Promise<QueueItem> {
    const { item, scope } = await this.caseInScope(ctx, contentType, contentId);
    const [roles, memberships] = await Promise.all([this.deps.audience.roles(assigneeId), this.deps.audience.memberships(assigneeId)]);
    if (roles === null || !inScope(moderatorScope(roles, memberships), item.groupId, item.escalatedTo !== null)) {
      throw new ValidationError(MODERATION_ERRORS.invalidAssignee, [{ field: 'body.moderatorId', message: 'is not a moderator of this case' }]);
    }
    if (assigneeId === item.authorId) throw new ValidationError(MODERATION_ERRORS.invalidAssignee, [{ field: 'body.moderatorId', message: 'is the author of the content: nobody judges their own content' }]);
    await this.execute(ctx, contentType, contentId, { type: 'AssignCase', assigneeId, by: ctx.caller.userId, mayReassign: mayTakeOver(scope) });
    return this.getCase(ctx, contentType, contentId);
  }

  async release(ctx: ModerationContext, contentType: ReportableContentType, contentId: string): Promise<QueueItem> {
    const { scope } = await this.caseInScope(ctx, contentType, contentId);
    await this.execute(ctx, contentType, contentId, { type: 'ReleaseCase', moderatorId: ctx.caller.userId, mayReleaseOthers: mayTakeOver(scope) });
    return this.getCase(ctx, contentType, contentId);
  }

  async decide(ctx: ModerationContext, contentType: ReportableContentType, contentId: string, input: DecisionInput): Promise<DecisionView> {
    await this.caseInScope(ctx, contentType, contentId);
    if (input.kind === 'restrict' && (!input.restrictedUntil || Date.parse(input.restrictedUntil) <= this.deps.clock.now().getTime())) {
      throw new ValidationError(MODERATION_ERRORS.invalidDecision, [{ field: 'body.restrictedUntil', message: 'a restriction needs an end in the future' }]);
    }
    if (input.kind === 'escalate' && !input.escalatedTo) {
      throw new ValidationError(MODERATION_ERRORS.invalidDecision, [{ field: 'body.escalatedTo', message: 'an escalation names hr or legal' }]);
    }
    // A retry with the same Idempotency-Key decides with the same id, so it finds its first run.
    const decisionId = ctx.idempotencyKey ? idempotencyUuid('moderation.decision', ctx.idempotencyKey, ctx.caller.userId) : uuidv7();
    await this.execute(ctx, contentType, contentId, {
      type: 'Decide',
      decisionId,
      kind: input.kind,
      reasonCode: input.reasonCode,
      rule: input.rule,
      statement: input.statement,
      moderatorId: ctx.caller.userId,
      ...(input.kind === 'restrict' ? { restrictedUntil: new Date(input.restrictedUntil!).toISOString() } : {}),
      ...(input.kind === 'escalate' ? { escalatedTo: input.escalatedTo! } : {}),
    });
    const view = await this.deps.cases.decision(decisionId);
    if (!view) throw new Error(`decision ${decisionId} is not in the read model after read-your-writes`);
    return view;
  }

  /** Decisions about the caller's own content, with their statements of reasons. */
  myDecisions(ctx: ModerationContext, page: PageRequest): Promise<Page<DecisionView>> {
    return this.deps.cases.decisionsAbout(ctx.caller.userId, page);
  }

  /** A decision: its author, and moderators whose scope covers its case; 404 for everyone else. */
  async getDecision(ctx: ModerationContext, decisionId: string): Promise<DecisionView> {
    const view = await this.deps.cases.decision(decisionId);
    if (view && (view.authorId === ctx.caller.userId || (await this.inScopeOf(ctx, view)))) return view;
    throw new NotFoundError(MODERATION_ERRORS.decisionNotFound, 'no such decision');
  }

  async appeal(ctx: ModerationContext, decisionId: string, text: string): Promise<DecisionView> {
    const view = await this.deps.cases.decision(decisionId);
    if (!view || view.authorId !== ctx.caller.userId) throw new NotFoundError(MODERATION_ERRORS.decisionNotFound, 'no such decision');
    await this.execute(ctx, view.contentType, view.contentId, { type: 'Appeal', decisionId, authorId: ctx.caller.userId, text });
    return (await this.deps.cases.decision(decisionId))!;
  }

  async decideAppeal(ctx: ModerationContext, decisionId: string, input: { outcome: AppealOutcome; statement: string }): Promise<DecisionView> {
    const view = await this.deps.cases.decision(decisionId);
    if (!view || !(await this.inScopeOf(ctx, view))) throw new NotFoundError(MODERATION_ERRORS.decisionNotFound, 'no such decision');
    await this.execute(ctx, view.contentType, view.contentId, { type: 'DecideAppeal', decisionId, moderatorId: ctx.caller.userId, outcome: input.outcome, statement: input.statement });
    return (await this.deps.cases.decision(decisionId))!;
  }

  /**
   * The organisation's metrics (organisation moderators), or one group's (`groupId`: its owners and
   * moderators and organisation moderators, over the cases their queue shows; a group the caller
   * does not moderate answers 404 as a missing one).
   */
  async metrics(ctx: ModerationContext, groupId?: string): Promise<ModerationMetrics> {
    const scope = await this.scopeOf(ctx);
    if (groupId === undefined) {
      if (scope.kind !== 'organisation') throw new ForbiddenError(MODERATION_ERRORS.notModerator, 'organisation metrics are for organisation moderators; group moderators ask with groupId');
      return this.deps.cases.metrics(this.deps.clock.now());
    }
    if (scope.kind === 'none') throw new ForbiddenError(MODERATION_ERRORS.notModerator, 'moderation metrics are for moderators');
    if (!inScope(scope, groupId)) throw new NotFoundError(MODERATION_ERRORS.groupNotFound, 'no such group');
    return this.deps.cases.metrics(this.deps.clock.now(), { groupId, scope });
  }

  /** The audit log (its routes check assertAdmin first). */
  get auditLog() {
    return this.deps.audit;
  }

  /** Audit routes are for administrators only. */
  assertAdmin(ctx: ModerationContext): void {
    if (!isAdmin(ctx)) throw new ForbiddenError(MODERATION_ERRORS.notAdmin, 'the audit log is for administrators');
  }

  async purgeAudit(ctx: ModerationContext): Promise<{ purged: number; throughSeq: number | null }> {
    this.assertAdmin(ctx);
    const before = new Date(this.deps.clock.now().getTime() - this.deps.auditRetentionDays * 86_400_000);
    return this.deps.audit.purge(before, ctx.caller.userId);
  }

  private offeredReasons(): ModerationReason[] {
    return this.deps.reportReasons.filter((r) => r !== 'rule');
  }

  private async scopeOf(ctx: ModerationContext): Promise<ModeratorScope> {
    return moderatorScope(ctx.caller.roles, await this.deps.audience.memberships(ctx.caller.userId));
  }

  private async inScopeOf(ctx: ModerationContext, view: Pick<DecisionView, 'caseId' | 'groupId'>): Promise<boolean> {
    const item = await this.deps.cases.case(view.caseId, this.deps.clock.now());
    return item !== null && inScope(await this.scopeOf(ctx), item.groupId, item.escalatedTo !== null);
  }

  private async caseInScope(ctx: ModerationContext, contentType: ReportableContentType, contentId: string): Promise<{ item: QueueItem; scope: ModeratorScope }> {
    const [item, scope] = await Promise.all([this.deps.cases.case(caseId(contentType, contentId), this.deps.clock.now()), this.scopeOf(ctx)]);
    if (!item || !inScope(scope, item.groupId, item.escalatedTo !== null)) throw new NotFoundError(MODERATION_ERRORS.caseNotFound, 'no moderation case for this content');
    return { item, scope };
  }

  /** The content as the reporter may see it, or 404 (missing and invisible look the same). */
  private async visibleContent(userId: string, contentType: ReportableContentType, contentId: string): Promise<ContentFacts> {
    const missing = () => new NotFoundError(MODERATION_ERRORS.contentNotFound, `no ${contentType} ${contentId}`);
    if (contentType === 'profile') {
      if (!(await this.deps.audience.personExists(contentId))) throw missing();
      return { contentType, contentId, authorId: contentId, groupId: null };
    }
    const content = await this.deps.audience.content(contentType, contentId);
    if (!content) throw missing();
    const memberships = await this.deps.audience.memberships(userId);
    const sees = async (facts: AudienceFacts): Promise<boolean> => {
      const followsAuthor = facts.audience.kind === 'followers' && userId !== facts.authorId ? await this.deps.audience.follows(userId, facts.authorId) : false;
      return canSeeContent({ userId, memberships, followsAuthor }, facts);
    };
    if (!(await sees(content))) throw missing();
    // A comment goes with its post: under a hidden post (for everyone but the post's author) or a deleted one, nobody reads it in the feed.
    if (contentType === 'comment') {
      const post = await this.deps.audience.content('post', content.postId);
      if (post && !(await sees(post))) throw missing();
    }
    return { contentType, contentId, postId: content.postId, authorId: content.authorId, groupId: content.audience.kind === 'group' ? content.audience.groupId : null };
  }

  private execute(ctx: ModerationContext, contentType: ReportableContentType, contentId: string, command: CaseCommand) {
    return executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('decision', caseId(contentType, contentId)),
      decider: caseDecider,
      command,
      metadata: commandMetadata(ctx),
    });
  }
}
