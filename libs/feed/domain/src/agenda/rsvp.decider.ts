import { RSVP_ANSWERS, type RsvpAnswer, type RsvpAnsweredV1 } from '@plein/feed/contracts';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, FeedNotFoundError, invalid } from '../errors';
import type { AgendaItemState } from './agenda-item.decider';

/**
 * One person's RSVP to one agenda event (stream `rsvp-<agendaItemId>:<userId>`). Answers can
 * change until the event starts; `yes` needs a free place when the event has a capacity (the
 * count comes from the RSVP counter read model; a race can overbook by a place or two, which
 * the organiser sees, rather than rejecting people in a distributed lock).
 */
export const RSVP_AGGREGATE_TYPE = 'rsvp';
export const rsvpId = (agendaItemId: string, userId: string): string => `${agendaItemId}:${userId}`;

export type RsvpEvent = { readonly type: 'feed.rsvp.answered'; readonly version: 1; readonly data: RsvpAnsweredV1 };

export interface RsvpCommand {
  readonly type: 'AnswerRsvp';
  readonly agendaItemId: string;
  readonly actor: Actor;
  readonly item: AgendaItemState;
  readonly answer: string;
  /** Current `yes` answers of the event. */
  readonly yesCount: number;
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
  if (item.status === 'cancelled') throw new FeedConflictError(ERROR_CODES.agendaItemCancelled, 'The event is cancelled');
  if (command.now.getTime() >= Date.parse(item.details.startsAt)) throw new FeedConflictError(ERROR_CODES.rsvpClosed, 'The event has started');
  if (answer === 'yes' && item.details.capacity !== undefined && command.yesCount >= item.details.capacity) {
    throw new FeedConflictError(ERROR_CODES.eventFull, 'The event is full', { capacity: item.details.capacity });
  }
  return [{ type: 'feed.rsvp.answered', version: 1, data: { agendaItemId: command.agendaItemId, userId: actor.userId, answer, previousAnswer: state.answer } }];
}

export const rsvpDecider = { decide: decideRsvp, evolve: evolveRsvp, initialState: initialRsvpState } as const;
