import { commentDecider, FeedNotFoundError, postDecider, type CommentCommand, type PostCommand } from '@plein/feed/domain';
import type { ApprovalDecidedV1 } from '@plein/moderation/contracts';
import { streamId, type CommandMetadata, type EventEnvelope } from '@plein/shared/kernel';
import { execute, type FeedDependencies } from '../context';
import { HELD_FOR_APPROVAL } from '@plein/feed/domain';

const COMMANDS = {
  'moderation.approval.approved': { post: 'RestorePost', comment: 'RestoreComment' },
  'moderation.approval.rejected': { post: 'RemovePost', comment: 'RemoveComment' },
} as const;

/**
 * A moderator's answer to screened content becomes the feed's own command, by `system:feed`, with
 * the approval event's id as causation id (a redelivery appends nothing; deciders ignore what is
 * already true): approved shows held content to its audience (flagged content was never hidden, so
 * nothing changes), rejected removes it. Content the feed does not know is acknowledged and skipped.
 */
export async function applyApproval(deps: FeedDependencies, envelope: EventEnvelope): Promise<'applied' | 'unknown-content' | 'ignored'> {
  const names = COMMANDS[envelope.type as keyof typeof COMMANDS];
  if (!names) return 'ignored';
  const approval = envelope.data as ApprovalDecidedV1;
  const metadata: CommandMetadata = {
    correlationId: envelope.correlationId,
    causationId: envelope.id,
    actorId: 'system:feed',
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
  };
  const base = { decisionId: approval.approvalId, reasonCode: HELD_FOR_APPROVAL };
  try {
    if (approval.contentType === 'post') {
      await execute(deps, streamId('post', approval.contentId), postDecider, { type: names.post, postId: approval.contentId, ...base } as PostCommand, metadata);
    } else {
      await execute(deps, streamId('comment', approval.contentId), commentDecider, { type: names.comment, commentId: approval.contentId, ...base } as CommentCommand, metadata);
    }
    return 'applied';
  } catch (error) {
    if (error instanceof FeedNotFoundError) return 'unknown-content';
    throw error;
  }
}
