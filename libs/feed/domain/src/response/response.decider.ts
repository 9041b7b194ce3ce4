import type { Audience, CallToAction, ResponseAcknowledgedV2, ResponseRegisteredV2, ResponseRegistrationWithdrawnV2, ResponseVotedV2 } from '@plein/feed/contracts';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, FeedNotFoundError, invalid } from '../errors';
import { isCallToActionOpen } from '../post/call-to-action';
import type { PostState } from '../post/post.state';

/**
 * One person's response to one post's call to action (stream `response-<postId>:<userId>`):
 * acknowledgement, sign-up, poll vote. Its own small aggregate, so 100k acknowledgements of an
 * organisation-wide announcement never touch the post's stream. The post's side arrives as a
 * CallToActionView; the application checks visibility (canAct) before deciding.
 */
export const RESPONSE_AGGREGATE_TYPE = 'response';
export const responseId = (postId: string, userId: string): string => `${postId}:${userId}`;

export type ResponseEvent =
  | { readonly type: 'feed.response.acknowledged'; readonly version: 2; readonly data: ResponseAcknowledgedV2 }
  | { readonly type: 'feed.response.registered'; readonly version: 2; readonly data: ResponseRegisteredV2 }
  | { readonly type: 'feed.response.registration-withdrawn'; readonly version: 2; readonly data: ResponseRegistrationWithdrawnV2 }
  | { readonly type: 'feed.response.voted'; readonly version: 2; readonly data: ResponseVotedV2 };

/** What a response needs to know about the post, derived from its state (see callToActionView). */
export interface CallToActionView {
  readonly postId: string;
  readonly authorId: string;
  /** Copied onto every response event, so consumers enforce visibility without a lookup. */
  readonly audience: Audience;
  readonly callToAction: CallToAction;
  readonly acknowledgementRound: number;
  readonly closed: boolean;
  /** Published and not hidden. */
  readonly available: boolean;
}

export function callToActionView(postId: string, state: PostState): CallToActionView | undefined {
  if (state.status === 'absent') return undefined;
  return {
    postId,
    authorId: state.authorId,
    audience: state.audience,
    callToAction: state.callToAction,
    acknowledgementRound: state.acknowledgementRound,
    closed: state.callToActionClosed,
    available: state.status === 'published' && state.moderation === 'visible',
  };
}

interface ResponseCommandBase {
  readonly actor: Actor;
  readonly post: CallToActionView;
  readonly now: Date;
}
export type ResponseCommand =
  | ({ readonly type: 'Acknowledge' } & ResponseCommandBase)
  /**
   * `placeHeld`: the person holds a place on the post's roster (roster.decider.ts, where the
   * capacity is decided); always true for a sign-up without capacity.
   */
  | ({ readonly type: 'SignUp'; readonly placeHeld: boolean } & ResponseCommandBase)
  | ({ readonly type: 'WithdrawSignUp' } & ResponseCommandBase)
  | ({ readonly type: 'Vote'; readonly optionIds: readonly string[] } & ResponseCommandBase);

export interface ResponseState {
  /** The latest acknowledged round; 0 = never. */
  readonly acknowledgedRound: number;
  readonly registered: boolean;
  /** The current choice; empty = not voted. */
  readonly vote: readonly string[];
}

export const initialResponseState = (): ResponseState => ({ acknowledgedRound: 0, registered: false, vote: [] });

export function evolveResponse(state: ResponseState, event: ResponseEvent): ResponseState {
  switch (event.type) {
    case 'feed.response.acknowledged':
      return { ...state, acknowledgedRound: Math.max(state.acknowledgedRound, event.data.round) };
    case 'feed.response.registered':
      return { ...state, registered: true };
    case 'feed.response.registration-withdrawn':
      return { ...state, registered: false };
    case 'feed.response.voted':
      return { ...state, vote: event.data.optionIds };
  }
}

/**
 * Acknowledge: once per acknowledgement round (a material edit starts a new one); a due date
 * does not stop late acknowledgements. Sign up: until the deadline, with a place on the post's
 * roster when it has a capacity; withdrawing is always possible. Vote: one current vote per person, changeable while the poll
 * is open (so people can correct a mis-tap; the latest vote counts), never withdrawn to nothing.
 */
export function decideResponse(command: ResponseCommand, state: ResponseState): ResponseEvent[] {
  const { actor, post, now } = command;
  assertActive(actor);
  if (!post.available) throw new FeedNotFoundError('post', post.postId);
  const ref = { postId: post.postId, userId: actor.userId, audience: post.audience };
  const cta = post.callToAction;
  const expect = (kind: CallToAction['kind']) => {
    if (cta.kind !== kind) throw new FeedConflictError(ERROR_CODES.callToActionMismatch, `The post asks for ${cta.kind}, not ${kind}`);
  };
  const open = () => {
    if (!isCallToActionOpen(cta, post.closed, now)) throw new FeedConflictError(ERROR_CODES.callToActionClosed, 'The call to action is closed');
  };
  switch (command.type) {
    case 'Acknowledge':
      expect('acknowledge');
      if (state.acknowledgedRound >= post.acknowledgementRound) return [];
      open();
      return [{ type: 'feed.response.acknowledged', version: 2, data: { ...ref, round: post.acknowledgementRound } }];
    case 'SignUp':
      expect('sign-up');
      if (state.registered) return [];
      if (!command.placeHeld) throw new FeedConflictError(ERROR_CODES.capacityReached, 'No places left', { capacity: cta.kind === 'sign-up' ? cta.capacity : undefined });
      // A place under a capacity was granted by the roster while the call to action was open.
      if (cta.kind === 'sign-up' && cta.capacity === undefined) open();
      return [{ type: 'feed.response.registered', version: 2, data: ref }];
    case 'WithdrawSignUp':
      expect('sign-up');
      return state.registered ? [{ type: 'feed.response.registration-withdrawn', version: 2, data: ref }] : [];
    case 'Vote': {
      expect('vote');
      if (cta.kind !== 'vote') return [];
      const known = cta.options.map((o) => o.id);
      const chosen = new Set(command.optionIds);
      if (chosen.size === 0 || chosen.size !== command.optionIds.length || ![...chosen].every((id) => known.includes(id))) {
        throw invalid(ERROR_CODES.invalidPollChoice, 'optionIds', 'choose distinct options of this poll');
      }
      if (chosen.size > cta.maxChoices) throw invalid(ERROR_CODES.invalidPollChoice, 'optionIds', `choose at most ${cta.maxChoices}`);
      const optionIds = known.filter((id) => chosen.has(id));
      if (optionIds.join() === state.vote.join()) return [];
      open();
      return [{ type: 'feed.response.voted', version: 2, data: { ...ref, optionIds, previousOptionIds: [...state.vote] } }];
    }
  }
}

export const responseDecider = { decide: decideResponse, evolve: evolveResponse, initialState: initialResponseState } as const;
