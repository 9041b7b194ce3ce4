import { commentDecider, FeedNotFoundError, postDecider, type CommentCommand, type PostCommand } from '@plein/feed/domain';
import type { ContentDecisionV1 } from '@plein/moderation/contracts';
import { causedBy, streamId, type EventEnvelope } from '@plein/shared/kernel';
import { execute, type FeedDependencies } from '../context';

const COMMANDS = {
  'moderation.decision.content-hidden': { post: 'HidePost', comment: 'HideComment' },
  'moderation.decision.content-restored': { post: 'RestorePost', comment: 'RestoreComment' },
  'moderation.decision.content-removed': { post: 'RemovePost', comment: 'RemoveComment' },
} as const;

/** What moderation decided about one post or comment, as the feed's command names and arguments. */
export interface ModerationOutcome {
  readonly contentType: 'post' | 'comment';
  readonly contentId: string;
  readonly commands: { readonly post: PostCommand['type']; readonly comment: CommentCommand['type'] };
  readonly decisionId: string;
  readonly reasonCode: string;
}

/**
 * Moderation's decision on content (a decision or an approval event) becomes the feed's own
 * command, issued by `system:feed` with the event's id as causation id: a redelivery finds its
 * events and appends nothing (and deciders ignore what is already true). Content the feed does not
 * know is acknowledged and skipped (the event may predate this installation's history).
 */
export async function applyModerationOutcome(deps: FeedDependencies, envelope: EventEnvelope, outcome: ModerationOutcome): Promise<'applied' | 'unknown-content'> {
  const metadata = causedBy(envelope, 'system:feed');
  const base = { decisionId: outcome.decisionId, reasonCode: outcome.reasonCode };
  try {
    if (outcome.contentType === 'post') {
      const command = { type: outcome.commands.post, postId: outcome.contentId, ...base } as PostCommand;
      await execute(deps, streamId('post', outcome.contentId), postDecider, command, metadata);
    } else {
      const command = { type: outcome.commands.comment, commentId: outcome.contentId, ...base } as CommentCommand;
      await execute(deps, streamId('comment', outcome.contentId), commentDecider, command, metadata);
    }
    return 'applied';
  } catch (error) {
    if (error instanceof FeedNotFoundError) return 'unknown-content';
    throw error;
  }
}

/** A moderation decision (content hidden, restored or removed) applied to the post or comment (applyModerationOutcome). */
export async function applyModerationDecision(deps: FeedDependencies, envelope: EventEnvelope): Promise<'applied' | 'unknown-content' | 'ignored'> {
  const commands = COMMANDS[envelope.type as keyof typeof COMMANDS];
  if (!commands) return 'ignored';
  const decision = envelope.data as ContentDecisionV1;
  return applyModerationOutcome(deps, envelope, { contentType: decision.contentType, contentId: decision.contentId, commands, decisionId: decision.decisionId, reasonCode: decision.reasonCode });
}
