import type { JamBallotIdeaVotedV2, JamBallotVoteWithdrawnV2, ScopedAudience } from '@plein/feed/contracts';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, FeedNotFoundError, invalid } from '../errors';
import type { JamPhase } from './idea-jam.decider';

/**
 * One person's votes in one idea jam (stream `jamballot-<jamId>:<userId>`), bounded by the
 * jam's votes per person: at most one vote per idea, never on one's own idea, only while the
 * jam is open. Withdrawing a vote gives it back to spend elsewhere.
 */
export const JAM_BALLOT_AGGREGATE_TYPE = 'jamballot';
export const jamBallotId = (jamId: string, userId: string): string => `${jamId}:${userId}`;

export type JamBallotEvent =
  | { readonly type: 'feed.jamballot.idea-voted'; readonly version: 2; readonly data: JamBallotIdeaVotedV2 }
  | { readonly type: 'feed.jamballot.vote-withdrawn'; readonly version: 2; readonly data: JamBallotVoteWithdrawnV2 };

export interface JamView {
  readonly jamId: string;
  /** jamPhase(state, now) of the jam. */
  readonly phase: JamPhase;
  readonly votesPerPerson: number;
  /** The jam's audience, copied onto every ballot event so consumers filter without a lookup. */
  readonly audience: ScopedAudience;
}
export interface IdeaView {
  readonly ideaId: string;
  readonly jamId?: string;
  readonly authorId: string;
  /** Published and not hidden. */
  readonly available: boolean;
}

export type JamBallotCommand =
  | { readonly type: 'VoteForIdea'; readonly actor: Actor; readonly jam: JamView; readonly idea: IdeaView }
  | { readonly type: 'WithdrawJamVote'; readonly actor: Actor; readonly jam: JamView; readonly ideaId: string };

export interface JamBallotState {
  readonly ideaIds: readonly string[];
}

export const initialJamBallotState = (): JamBallotState => ({ ideaIds: [] });

export const evolveJamBallot = (state: JamBallotState, event: JamBallotEvent): JamBallotState =>
  event.type === 'feed.jamballot.idea-voted' ? { ideaIds: [...state.ideaIds, event.data.ideaId] } : { ideaIds: state.ideaIds.filter((id) => id !== event.data.ideaId) };

export function decideJamBallot(command: JamBallotCommand, state: JamBallotState): JamBallotEvent[] {
  const { actor, jam } = command;
  assertActive(actor);
  const open = () => {
    if (jam.phase !== 'open') throw new FeedConflictError(ERROR_CODES.jamNotOpen, `The jam is ${jam.phase}`);
  };
  if (command.type === 'WithdrawJamVote') {
    if (!state.ideaIds.includes(command.ideaId)) return [];
    open();
    return [{ type: 'feed.jamballot.vote-withdrawn', version: 2, data: { jamId: jam.jamId, userId: actor.userId, ideaId: command.ideaId, audience: jam.audience } }];
  }
  const { idea } = command;
  if (idea.jamId !== jam.jamId || !idea.available) throw new FeedNotFoundError('post', idea.ideaId);
  if (state.ideaIds.includes(idea.ideaId)) return [];
  open();
  if (idea.authorId === actor.userId) throw invalid(ERROR_CODES.ownIdea, 'ideaId', 'vote for ideas of others');
  if (state.ideaIds.length >= jam.votesPerPerson) throw new FeedConflictError(ERROR_CODES.jamVoteBudget, `All ${jam.votesPerPerson} votes are spent: withdraw one first`);
  return [{ type: 'feed.jamballot.idea-voted', version: 2, data: { jamId: jam.jamId, userId: actor.userId, ideaId: idea.ideaId, audience: jam.audience } }];
}

export const jamBallotDecider = { decide: decideJamBallot, evolve: evolveJamBallot, initialState: initialJamBallotState } as const;
