import type { ApprovalDecidedV1 } from '@plein/moderation/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ConflictError, type NewEvent } from '@plein/shared/kernel';

export const APPROVAL_ERRORS = { alreadyDecided: 'MODERATION.SCREENING_ALREADY_DECIDED' } as const;

export type ApprovalEvent = NewEvent<ApprovalDecidedV1, 'moderation.approval.approved' | 'moderation.approval.rejected'>;
export type ApprovalOutcome = 'approved' | 'rejected';

/** A moderator's answer to the latest screening of one post or comment. */
export interface DecideScreening {
  readonly type: 'DecideScreening';
  readonly outcome: ApprovalOutcome;
  readonly decision: ApprovalDecidedV1;
}

export interface ApprovalState {
  /** The screening sequence the last decision answered (0: none yet), and how. */
  readonly screeningSequence: number;
  readonly outcome: ApprovalOutcome | null;
}

/**
 * The approvals of one piece of content. A screening is decided once: the same answer again (a
 * retry, or a second moderator agreeing) emits nothing, the other answer is a conflict. A later
 * screening (the author edited it and a rule matched again) is decided afresh.
 */
export const approvalDecider: Decider<DecideScreening, ApprovalEvent, ApprovalState> = {
  initialState: () => ({ screeningSequence: 0, outcome: null }),
  decide(command, state) {
    if (state.screeningSequence >= command.decision.screeningSequence) {
      if (state.outcome === command.outcome) return [];
      throw new ConflictError(APPROVAL_ERRORS.alreadyDecided, `this content was already ${state.outcome}`, { outcome: state.outcome });
    }
    return [{ type: command.outcome === 'approved' ? 'moderation.approval.approved' : 'moderation.approval.rejected', version: 1, data: command.decision }];
  },
  evolve: (_state, event) => ({ screeningSequence: event.data.screeningSequence, outcome: event.type === 'moderation.approval.approved' ? 'approved' : 'rejected' }),
};
