import { RSVP_ANSWERS, type RsvpAnswer, type RsvpAnsweredV2 } from '@plein/feed/contracts';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, FeedNotFoundError, invalid } from '../errors';
import type { AgendaItemState } from './agenda-item.decider';

/**
 * One person's RSVP to one agenda event (stream `rsvp-<agendaItemId>:<userId>`). Answers can
 * change until the event starts; `yes` needs a place on the event's roster when it has a capacity
 * (roster.decider.ts decides that on one stream per event, so the capacity is exact).
 */
export const RSVP_AGGREGATE_TYPE = 'rsvp';
export const rsvpId = (agendaItemId: string, userId: string): string => `${agendaItemId}:${userId}`;

export type RsvpEvent = { readonly type: 'feed.rsvp.answered'; readonly version: 2; readonly data: RsvpAnsweredV2 };

export interface RsvpCommand {
  readonly type: 'AnswerRsvp';
  readonly agendaItemId: string;
  readonly actor: Actor;
  readonly item: AgendaItemState;
  readonly answer: string;
  /** The person holds a place on the event's roster (always true for an event without capacity or roster). */
  readonly placeHeld: boolean;
  readonly now: Date;
}

export interface RsvpState {
  readonly answer: RsvpAnswer | null;
}

export const initialRsvpState = (): RsvpState => ({ answer: null });
export const evolveRsvp = (_state: RsvpState, event: RsvpEvent): RsvpState => ({ answer: event.data.answer });

export function decideRsvp(command: RsvpCommand, state: RsvpState): RsvpEvent[] {
  const { actor, item } = command;
  assertActive(actor);
  if (item.status === 'absent') throw new FeedNotFoundError('agenda-item', command.agendaItemId);
  if (item.details.kind !== 'event') throw new FeedConflictError(ERROR_CODES.invalidAgendaItem, 'Only events take RSVPs');
  if (!(RSVP_ANSWERS as readonly string[]).includes(command.answer)) throw invalid(ERROR_CODES.invalidAgendaItem, 'answer', `one of ${RSVP_ANSWERS.join(', ')}`);
  const answer = command.answer as RsvpAnswer;
  if (answer === state.answer) return [];
  assertRsvpOpen(item, command.now);
  if (answer === 'yes' && !command.placeHeld) {
    throw new FeedConflictError(ERROR_CODES.eventFull, 'The event is full', { capacity: item.details.capacity });
  }
  return [{ type: 'feed.rsvp.answered', version: 2, data: { agendaItemId: command.agendaItemId, userId: actor.userId, answer, previousAnswer: state.answer, audience: item.audience } }];
}

/** An event takes answers until it starts, unless it is cancelled. */
export function assertRsvpOpen(item: Exclude<AgendaItemState, { status: 'absent' }>, now: Date): void {
  if (item.status === 'cancelled') throw new FeedConflictError(ERROR_CODES.agendaItemCancelled, 'The event is cancelled');
  if (item.details.kind === 'event' && now.getTime() >= Date.parse(item.details.startsAt)) throw new FeedConflictError(ERROR_CODES.rsvpClosed, 'The event has started');
}

export const rsvpDecider = { decide: decideRsvp, evolve: evolveRsvp, initialState: initialRsvpState } as const;
