import { commentDecider, postDecider, type CommentCommand, type PostCommand } from '@plein/feed/domain';
import type { ContentDecisionV1 } from '@plein/moderation/contracts';
import { streamId, type CommandMetadata, type EventEnvelope } from '@plein/shared/kernel';
import { FeedNotFoundError } from '@plein/feed/domain';
import { execute, type FeedDependencies } from '../context';

const COMMANDS = {
  'moderation.decision.content-hidden': { post: 'HidePost', comment: 'HideComment' },
  'moderation.decision.content-restored': { post: 'RestorePost', comment: 'RestoreComment' },
  'moderation.decision.content-removed': { post: 'RemovePost', comment: 'RemoveComment' },
} as const;

/**
 * A moderation decision becomes the feed's own command, issued by `system:feed` with the
 * decision event's id as causation id: a redelivered decision finds its events and appends
 * nothing (and deciders ignore what is already true). Content the feed does not know is
 * acknowledged and skipped (the decision may predate this installation's history).
 */
export async function applyModerationDecision(deps: FeedDependencies, envelope: EventEnvelope): Promise<'applied' | 'unknown-content' | 'ignored'> {
  const names = COMMANDS[envelope.type as keyof typeof COMMANDS];
  if (!names) return 'ignored';
  const decision = envelope.data as ContentDecisionV1;
  const metadata: CommandMetadata = {
    correlationId: envelope.correlationId,
    causationId: envelope.id,
    actorId: 'system:feed',
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
  };
  const base = { decisionId: decision.decisionId, reasonCode: decision.reasonCode };
  try {
    if (decision.contentType === 'post') {
      const command = { type: names.post, postId: decision.contentId, ...base } as PostCommand;
      await execute(deps, streamId('post', decision.contentId), postDecider, command, metadata);
    } else {
      const command = { type: names.comment, commentId: decision.contentId, ...base } as CommentCommand;
      await execute(deps, streamId('comment', decision.contentId), commentDecider, command, metadata);
    }
    return 'applied';
  } catch (error) {
    if (error instanceof FeedNotFoundError) return 'unknown-content';
    throw error;
  }
}
