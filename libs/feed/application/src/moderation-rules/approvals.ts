import { HELD_FOR_APPROVAL } from '@plein/feed/domain';
import type { ApprovalDecidedV1 } from '@plein/moderation/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { FeedDependencies } from '../context';
import { applyModerationOutcome } from '../moderation/moderation-decision.handler';

const COMMANDS = {
  'moderation.approval.approved': { post: 'RestorePost', comment: 'RestoreComment' },
  'moderation.approval.rejected': { post: 'RemovePost', comment: 'RemoveComment' },
} as const;

/**
 * A moderator's answer to screened content becomes the feed's own command (applyModerationOutcome,
 * idempotent by the approval event's id): approved shows held content to its audience (flagged
 * content was never hidden, so nothing changes), rejected removes it. Content the feed does not
 * know is acknowledged and skipped.
 */
export async function applyApproval(deps: FeedDependencies, envelope: EventEnvelope): Promise<'applied' | 'unknown-content' | 'ignored'> {
  const commands = COMMANDS[envelope.type as keyof typeof COMMANDS];
  if (!commands) return 'ignored';
  const approval = envelope.data as ApprovalDecidedV1;
  return applyModerationOutcome(deps, envelope, { contentType: approval.contentType, contentId: approval.contentId, commands, decisionId: approval.approvalId, reasonCode: HELD_FOR_APPROVAL });
}
