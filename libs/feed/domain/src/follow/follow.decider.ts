import { HASHTAG_MAX, type FollowStartedV1, type FollowStoppedV1, type FollowTarget } from '@plein/feed/contracts';
import { isUuid } from '@plein/shared/kernel';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedNotFoundError, invalid } from '../errors';
import { normaliseHashtag } from '../markdown';

/**
 * One follow (stream `follow-<followerId>:<kind>:<target>`): a person following a person, a
 * group or a hashtag. Its own aggregate so nobody's stream grows with their follow count.
 */
export const FOLLOW_AGGREGATE_TYPE = 'follow';

export type FollowEvent =
  | { readonly type: 'feed.follow.started'; readonly version: 1; readonly data: FollowStartedV1 }
  | { readonly type: 'feed.follow.stopped'; readonly version: 1; readonly data: FollowStoppedV1 };

/** A hashtag target is normalised like extracted hashtags (`#Café` follows `café`). */
export function normaliseFollowTarget(target: FollowTarget): FollowTarget {
  if (target.kind !== 'hashtag') return target.kind === 'person' ? { kind: 'person', userId: target.userId.toLowerCase() } : { kind: 'group', groupId: target.groupId.toLowerCase() };
  const tag = normaliseHashtag(target.tag.replace(/^#/, '').trim());
  if (!/^[\p{L}\p{M}\p{N}_]+$/u.test(tag) || !/\p{L}/u.test(tag) || tag.length > HASHTAG_MAX) throw invalid(ERROR_CODES.cannotFollow, 'target.tag', 'is not a hashtag');
  return { kind: 'hashtag', tag };
}

export function followId(followerId: string, target: FollowTarget): string {
  const t = normaliseFollowTarget(target);
  return `${followerId}:${t.kind}:${t.kind === 'person' ? t.userId : t.kind === 'group' ? t.groupId : t.tag}`;
}

export type FollowCommand =
  | {
      readonly type: 'Follow';
      readonly actor: Actor;
      readonly target: FollowTarget;
      /**
       * The application's check that the target is followable by the actor: the person exists
       * and is active, the group's content is visible to the actor (open, or a member). A missing
       * person and an invisible group answer not-found upstream, before the stream is read; a
       * person found missing here answers the same. A group the actor sees but whose content it
       * does not (closed, not a member) is a 400.
       */
      readonly targetVisible: boolean;
    }
  | { readonly type: 'Unfollow'; readonly actor: Actor; readonly target: FollowTarget };

export interface FollowState {
  readonly following: boolean;
}

export const initialFollowState = (): FollowState => ({ following: false });
export const evolveFollow = (_state: FollowState, event: FollowEvent): FollowState => ({ following: event.type === 'feed.follow.started' });

export function decideFollow(command: FollowCommand, state: FollowState): FollowEvent[] {
  assertActive(command.actor);
  const target = normaliseFollowTarget(command.target);
  const data = { followerId: command.actor.userId, target };
  if (command.type === 'Unfollow') return state.following ? [{ type: 'feed.follow.stopped', version: 1, data }] : [];
  if (state.following) return [];
  if (target.kind === 'person' && (target.userId === command.actor.userId || !isUuid(target.userId))) throw invalid(ERROR_CODES.cannotFollow, 'target.userId', 'follow someone else');
  if (target.kind === 'group' && !isUuid(target.groupId)) throw invalid(ERROR_CODES.cannotFollow, 'target.groupId', 'is not a group id');
  if (target.kind === 'person' && !command.targetVisible) throw new FeedNotFoundError('person', target.userId);
  if (target.kind === 'group' && !command.targetVisible) throw invalid(ERROR_CODES.cannotFollow, 'target', 'is not visible to you');
  return [{ type: 'feed.follow.started', version: 1, data }];
}

export const followDecider = { decide: decideFollow, evolve: evolveFollow, initialState: initialFollowState } as const;
