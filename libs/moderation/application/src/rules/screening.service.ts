import type { ScreenedRuleV1, ScreeningAction } from '@plein/feed/contracts';
import { approvalDecider, inScope, moderatorScope, type ApprovalOutcome, type ModeratorScope } from '@plein/moderation/domain';
import { commandMetadata, executeCommand, idempotencyUuid, type EventStore, type ReadYourWrites } from '@plein/shared/event-sourcing';
import { ForbiddenError, NotFoundError, streamId, uuidv7 } from '@plein/shared/kernel';
import type { AudienceReadModel, ModerationContext, Page, PageRequest } from '../ports';

export const SCREENING_ERRORS = {
  notModerator: 'MODERATION.NOT_A_MODERATOR',
  screeningNotFound: 'MODERATION.SCREENING_NOT_FOUND',
} as const;

export type ScreeningStatus = 'pending' | ApprovalOutcome;
export const SCREENING_STATUSES: readonly ScreeningStatus[] = ['pending', 'approved', 'rejected'];

/** Content compose-time rules held for approval or flagged, as moderators review it. */
export interface ScreeningItem {
  readonly contentType: 'post' | 'comment';
  readonly contentId: string;
  readonly postId: string;
  readonly authorId: string;
  readonly groupId: string | null;
  readonly action: ScreeningAction;
  /** True while held content waits (hidden from its audience). */
  readonly held: boolean;
  readonly on: 'published' | 'edited';
  readonly rules: readonly ScreenedRuleV1[];
  readonly screenedAt: string;
  readonly screeningSequence: number;
  readonly status: ScreeningStatus;
  readonly decidedBy: string | null;
}

export interface ScreeningReadModel {
  item(contentType: 'post' | 'comment', contentId: string): Promise<ScreeningItem | null>;
  /** Oldest first, in the moderator's scope. */
  list(scope: Exclude<ModeratorScope, { kind: 'none' }>, filter: { readonly status: ScreeningStatus; readonly groupId?: string }, page: PageRequest): Promise<Page<ScreeningItem>>;
}

export interface ScreeningDeps {
  readonly store: EventStore;
  readonly audience: Pick<AudienceReadModel, 'memberships'>;
  readonly screenings: ScreeningReadModel;
  readonly readYourWrites?: ReadYourWrites;
}

/**
 * The review of what compose-time rules held or flagged: organisation moderators see everything, a
 * group's owners and moderators that group's content (others: 403 for the list, 404 for an item).
 * Approving shows held content (flagged content stays); rejecting removes it. The feed applies both.
 */
export class ScreeningService {
  constructor(private readonly deps: ScreeningDeps) {}

  async list(ctx: ModerationContext, filter: { readonly status: ScreeningStatus; readonly groupId?: string }, page: PageRequest): Promise<Page<ScreeningItem>> {
    const scope = await this.scopeOf(ctx);
    if (scope.kind === 'none') throw new ForbiddenError(SCREENING_ERRORS.notModerator, 'screened content is reviewed by organisation moderators and group owners and moderators');
    return this.deps.screenings.list(scope, filter, page);
  }

  async decide(ctx: ModerationContext, contentType: 'post' | 'comment', contentId: string, outcome: ApprovalOutcome, note?: string): Promise<ScreeningItem> {
    const [item, scope] = await Promise.all([this.deps.screenings.item(contentType, contentId), this.scopeOf(ctx)]);
    if (!item || !inScope(scope, item.groupId)) throw new NotFoundError(SCREENING_ERRORS.screeningNotFound, 'no screened content here');
    // A retry with the same Idempotency-Key decides with the same id, so it finds its first run.
    const approvalId = ctx.idempotencyKey ? idempotencyUuid('moderation.approval', ctx.idempotencyKey, ctx.caller.userId) : uuidv7();
    await executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('approval', `${contentType}:${contentId}`),
      decider: approvalDecider,
      command: {
        type: 'DecideScreening',
        outcome,
        decision: { approvalId, contentType, contentId, postId: item.postId, authorId: item.authorId, screeningSequence: item.screeningSequence, moderatorId: ctx.caller.userId, ...(note ? { note } : {}) },
      },
      metadata: commandMetadata(ctx),
    });
    return (await this.deps.screenings.item(contentType, contentId))!;
  }

  private async scopeOf(ctx: ModerationContext): Promise<ModeratorScope> {
    return moderatorScope(ctx.caller.roles, await this.deps.audience.memberships(ctx.caller.userId));
  }
}
