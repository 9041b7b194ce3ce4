import {
  JAM_SELECTED_MAX,
  JAM_VOTES_PER_PERSON_MAX,
  type IdeaJamCancelledV2,
  type IdeaJamClosedV1,
  type IdeaJamOutcomesPublishedV2,
  type IdeaJamScheduledV1,
  type ScopedAudience,
} from '@plein/feed/contracts';
import { isUuid } from '@plein/shared/kernel';
import { assertActive, isAdmin, isManager, type Actor } from '../actor';
import { ERROR_CODES, FeedAlreadyExistsError, FeedConflictError, FeedForbiddenError, FeedNotFoundError, invalid } from '../errors';
import { futureInstant } from '../post/call-to-action';
import { assertAudienceGroupVisible, assertMayPublishTo, DEFAULT_ORGANISATION_POLICY, type GroupContext, type OrganisationPolicy } from '../policy';

/**
 * An idea jam (stream `ideajam-<jamId>`): a time-boxed campaign a manager runs, with a question,
 * an audience and a vote budget per person. The ideas are posts of kind `idea` carrying the
 * jamId (their conversation and status loop are the post's); the votes are JamBallot aggregates.
 */
export const IDEA_JAM_AGGREGATE_TYPE = 'ideajam';
export const JAM_MAX_DURATION_MS = 92 * 24 * 3600 * 1000;

export type IdeaJamEvent =
  | { readonly type: 'feed.ideajam.scheduled'; readonly version: 1; readonly data: IdeaJamScheduledV1 }
  | { readonly type: 'feed.ideajam.closed'; readonly version: 1; readonly data: IdeaJamClosedV1 }
  | { readonly type: 'feed.ideajam.cancelled'; readonly version: 2; readonly data: IdeaJamCancelledV2 }
  | { readonly type: 'feed.ideajam.outcomes-published'; readonly version: 2; readonly data: IdeaJamOutcomesPublishedV2 };

export type IdeaJamCommand =
  | {
      readonly type: 'ScheduleIdeaJam';
      readonly jamId: string;
      readonly actor: Actor;
      readonly audience: ScopedAudience;
      readonly title: string;
      readonly question: string;
      readonly opensAt: string;
      readonly closesAt: string;
      readonly votesPerPerson: number;
      readonly policy?: OrganisationPolicy;
      readonly group?: GroupContext;
      readonly now: Date;
    }
  | { readonly type: 'CloseIdeaJam'; readonly jamId: string; readonly actor: Actor; readonly now: Date }
  | { readonly type: 'CancelIdeaJam'; readonly jamId: string; readonly actor: Actor; readonly note?: string; readonly now: Date }
  | {
      readonly type: 'PublishIdeaJamOutcomes';
      readonly jamId: string;
      readonly actor: Actor;
      readonly summary: string;
      readonly selectedIdeaIds: readonly string[];
      /** Ids of the jam's ideas that are still available (ideas read model). */
      readonly jamIdeaIds: ReadonlySet<string>;
      readonly now: Date;
    };

export type IdeaJamState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'scheduled' | 'cancelled'; readonly closed: boolean; readonly outcomesPublished: boolean } & IdeaJamScheduledV1);

export type JamPhase = 'upcoming' | 'open' | 'closed' | 'cancelled' | 'concluded';

export const initialIdeaJamState = (): IdeaJamState => ({ status: 'absent' });

export function evolveIdeaJam(state: IdeaJamState, event: IdeaJamEvent): IdeaJamState {
  if (event.type === 'feed.ideajam.scheduled') return { status: 'scheduled', ...event.data, closed: false, outcomesPublished: false };
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'feed.ideajam.closed':
      return { ...state, closed: true };
    case 'feed.ideajam.cancelled':
      return { ...state, status: 'cancelled' };
    case 'feed.ideajam.outcomes-published':
      return { ...state, outcomesPublished: true };
  }
}

/** Where the jam is at `now`: ideas and votes are accepted only while `open`. */
export function jamPhase(state: IdeaJamState, now: Date): JamPhase | undefined {
  if (state.status === 'absent') return undefined;
  if (state.status === 'cancelled') return 'cancelled';
  if (state.outcomesPublished) return 'concluded';
  if (state.closed || now.getTime() >= Date.parse(state.closesAt)) return 'closed';
  return now.getTime() >= Date.parse(state.opensAt) ? 'open' : 'upcoming';
}

export function decideIdeaJam(command: IdeaJamCommand, state: IdeaJamState): IdeaJamEvent[] {
  const { actor, now } = command;
  assertActive(actor);
  if (command.type === 'ScheduleIdeaJam') {
    if (state.status !== 'absent') throw new FeedAlreadyExistsError('idea-jam', command.jamId);
    assertAudienceGroupVisible(command.audience, command.group);
    if (!isManager(actor)) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Managers, directors, community managers and admins run idea jams');
    assertMayPublishTo(actor, command.audience, 'update', command.policy ?? DEFAULT_ORGANISATION_POLICY, command.group);
    const title = bounded(command.title, 200, 'title');
    const question = bounded(command.question, 2_000, 'question');
    const opensAt = new Date(Math.max(Date.parse(command.opensAt), now.getTime()));
    if (Number.isNaN(opensAt.getTime())) throw invalid(ERROR_CODES.invalidJam, 'opensAt', 'is not an ISO-8601 date-time');
    const closesAt = futureInstant(command.closesAt, 'closesAt', now, ERROR_CODES.invalidJam)!;
    if (Date.parse(closesAt) <= opensAt.getTime()) throw invalid(ERROR_CODES.invalidJam, 'closesAt', 'must come after opensAt');
    if (Date.parse(closesAt) - opensAt.getTime() > JAM_MAX_DURATION_MS) throw invalid(ERROR_CODES.invalidJam, 'closesAt', 'a jam lasts at most three months');
    const votes = command.votesPerPerson;
    if (!Number.isInteger(votes) || votes < 1 || votes > JAM_VOTES_PER_PERSON_MAX) throw invalid(ERROR_CODES.invalidJam, 'votesPerPerson', `must be 1 to ${JAM_VOTES_PER_PERSON_MAX}`);
    return [
      {
        type: 'feed.ideajam.scheduled',
        version: 1,
        data: { managerId: actor.userId, audience: command.audience, title, question, opensAt: opensAt.toISOString(), closesAt, votesPerPerson: votes },
      },
    ];
  }
  if (state.status === 'absent') throw new FeedNotFoundError('idea-jam', command.jamId);
  if (actor.userId !== state.managerId && !isAdmin(actor)) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only the manager of the jam does this');
  const phase = jamPhase(state, now)!;
  switch (command.type) {
    case 'CloseIdeaJam':
      if (phase === 'cancelled' || phase === 'concluded' || state.closed) return [];
      return [{ type: 'feed.ideajam.closed', version: 1, data: { early: now.getTime() < Date.parse(state.closesAt) } }];
    case 'CancelIdeaJam': {
      if (phase === 'cancelled') return [];
      if (phase === 'concluded') throw new FeedConflictError(ERROR_CODES.jamOutcomes, 'The jam already has outcomes');
      const note = command.note?.trim();
      return [{ type: 'feed.ideajam.cancelled', version: 2, data: { ...(note ? { note: bounded(note, 1_000, 'note') } : {}), audience: state.audience } }];
    }
    case 'PublishIdeaJamOutcomes': {
      if (phase !== 'closed') throw new FeedConflictError(ERROR_CODES.jamOutcomes, `Outcomes follow a closed jam (this one is ${phase})`);
      const selected = [...new Set(command.selectedIdeaIds.map((id) => id.toLowerCase()))];
      if (selected.length > JAM_SELECTED_MAX) throw invalid(ERROR_CODES.jamOutcomes, 'selectedIdeaIds', `at most ${JAM_SELECTED_MAX}`);
      const foreign = selected.filter((id) => !isUuid(id) || !command.jamIdeaIds.has(id));
      if (foreign.length) throw invalid(ERROR_CODES.jamOutcomes, 'selectedIdeaIds', `not ideas of this jam: ${foreign.join(', ')}`);
      return [{ type: 'feed.ideajam.outcomes-published', version: 2, data: { summary: bounded(command.summary, 5_000, 'summary'), selectedIdeaIds: selected, audience: state.audience } }];
    }
  }
}

function bounded(raw: string, max: number, field: string): string {
  const value = raw.trim();
  if (!value || [...value].length > max) throw invalid(ERROR_CODES.invalidJam, field, `must be 1-${max} characters`);
  return value;
}

export const foldIdeaJam = (events: readonly IdeaJamEvent[]): IdeaJamState => events.reduce(evolveIdeaJam, initialIdeaJamState());

export const ideaJamDecider = { decide: decideIdeaJam, evolve: evolveIdeaJam, initialState: initialIdeaJamState } as const;
