import { REACTION_KINDS, type Audience, type ReactionAddedV2, type ReactionKind, type ReactionRemovedV2 } from '@plein/feed/contracts';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, invalid } from '../errors';

/**
 * One person's reaction to one post or comment (stream `reaction-<targetId>:<userId>`): at most
 * one at a time, from the fixed set of the contract (like, celebrate, support, insightful,
 * curious). Changing the kind is a removal followed by an addition, so counters per kind stay
 * simple increments and decrements.
 */
export const REACTION_AGGREGATE_TYPE = 'reaction';
export const reactionId = (targetId: string, userId: string): string => `${targetId}:${userId}`;

export type ReactionEvent =
  | { readonly type: 'feed.reaction.added'; readonly version: 2; readonly data: ReactionAddedV2 }
  | { readonly type: 'feed.reaction.removed'; readonly version: 2; readonly data: ReactionRemovedV2 };

export interface ReactionTarget {
  readonly targetType: 'post' | 'comment';
  readonly targetId: string;
  /** The post itself, or the post of the comment. */
  readonly postId: string;
  /** The post's audience (for a comment: its post's), copied onto the events for consumers. */
  readonly audience: Audience;
  /** Exists, not deleted, not hidden (and the application checked canAct). */
  readonly available: boolean;
}

export type ReactionCommand =
  | { readonly type: 'React'; readonly actor: Actor; readonly target: ReactionTarget; readonly kind: string }
  | { readonly type: 'Unreact'; readonly actor: Actor; readonly target: ReactionTarget };

export interface ReactionState {
  readonly kind: ReactionKind | null;
}

export const initialReactionState = (): ReactionState => ({ kind: null });

export const evolveReaction = (_state: ReactionState, event: ReactionEvent): ReactionState =>
  event.type === 'feed.reaction.added' ? { kind: event.data.kind } : { kind: null };

export const isReactionKind = (kind: string): kind is ReactionKind => (REACTION_KINDS as readonly string[]).includes(kind);

export function decideReaction(command: ReactionCommand, state: ReactionState): ReactionEvent[] {
  const { actor, target } = command;
  assertActive(actor);
  const ref = { targetType: target.targetType, targetId: target.targetId, postId: target.postId, userId: actor.userId, audience: target.audience };
  const removed: ReactionEvent[] = state.kind === null ? [] : [{ type: 'feed.reaction.removed', version: 2, data: ref }];
  if (command.type === 'Unreact') return removed;
  if (!isReactionKind(command.kind)) throw invalid(ERROR_CODES.unknownReaction, 'kind', `one of ${REACTION_KINDS.join(', ')}`);
  if (state.kind === command.kind) return [];
  if (!target.available) throw new FeedConflictError(ERROR_CODES.contentUnavailable, `${target.targetType} ${target.targetId} takes no reactions now`);
  return [...removed, { type: 'feed.reaction.added', version: 2, data: { ...ref, kind: command.kind } }];
}

export const reactionDecider = { decide: decideReaction, evolve: evolveReaction, initialState: initialReactionState } as const;
