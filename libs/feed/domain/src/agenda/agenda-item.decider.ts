import {
  AGENDA_DESCRIPTION_MAX,
  type AgendaDetails,
  type AgendaItemCancelledV2,
  type AgendaItemRevisedV2,
  type AgendaItemScheduledV1,
  type ScopedAudience,
} from '@plein/feed/contracts';
import { assertActive, isAdmin, type Actor } from '../actor';
import { ERROR_CODES, FeedAlreadyExistsError, FeedConflictError, FeedForbiddenError, FeedNotFoundError, invalid } from '../errors';
import { safeUrl } from '../markdown';
import { futureInstant } from '../post/call-to-action';
import { buildText } from '../post/post-content';
import { assertMayPublishTo, DEFAULT_ORGANISATION_POLICY, type GroupContext, type OrganisationPolicy } from '../policy';

/**
 * Agenda items (stream `agendaitem-<id>`) live outside the news feed: events with a time, a
 * place and RSVPs, and static items (reference content such as opening hours). Publishing one
 * follows the same audience rules as posts.
 */
export const AGENDA_ITEM_AGGREGATE_TYPE = 'agendaitem';
const MAX_EVENT_MS = 31 * 24 * 3600 * 1000;

export type AgendaItemEvent =
  | { readonly type: 'feed.agendaitem.scheduled'; readonly version: 1; readonly data: AgendaItemScheduledV1 }
  | { readonly type: 'feed.agendaitem.revised'; readonly version: 2; readonly data: AgendaItemRevisedV2 }
  | { readonly type: 'feed.agendaitem.cancelled'; readonly version: 2; readonly data: AgendaItemCancelledV2 };

export type AgendaItemCommand =
  | {
      readonly type: 'ScheduleAgendaItem';
      readonly agendaItemId: string;
      readonly actor: Actor;
      readonly audience: ScopedAudience;
      readonly details: AgendaDetails;
      readonly policy?: OrganisationPolicy;
      readonly group?: GroupContext;
      readonly now: Date;
    }
  | { readonly type: 'ReviseAgendaItem'; readonly agendaItemId: string; readonly actor: Actor; readonly details: AgendaDetails; readonly now: Date }
  | { readonly type: 'CancelAgendaItem'; readonly agendaItemId: string; readonly actor: Actor; readonly note?: string };

export type AgendaItemState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'scheduled' | 'cancelled' } & AgendaItemScheduledV1);

export const initialAgendaItemState = (): AgendaItemState => ({ status: 'absent' });

export function evolveAgendaItem(state: AgendaItemState, event: AgendaItemEvent): AgendaItemState {
  if (event.type === 'feed.agendaitem.scheduled') return { status: 'scheduled', ...event.data };
  if (state.status === 'absent') return state;
  return event.type === 'feed.agendaitem.revised' ? { ...state, details: event.data.details } : { ...state, status: 'cancelled' };
}

export function decideAgendaItem(command: AgendaItemCommand, state: AgendaItemState): AgendaItemEvent[] {
  assertActive(command.actor);
  if (command.type === 'ScheduleAgendaItem') {
    if (state.status !== 'absent') throw new FeedAlreadyExistsError('agenda-item', command.agendaItemId);
    assertMayPublishTo(command.actor, command.audience, 'agenda-item', command.policy ?? DEFAULT_ORGANISATION_POLICY, command.group);
    const details = checkDetails(command.details, command.now);
    return [{ type: 'feed.agendaitem.scheduled', version: 1, data: { organiserId: command.actor.userId, audience: command.audience, details } }];
  }
  if (state.status === 'absent') throw new FeedNotFoundError('agenda-item', command.agendaItemId);
  if (command.actor.userId !== state.organiserId && !isAdmin(command.actor)) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only the organiser changes an agenda item');
  if (command.type === 'CancelAgendaItem') {
    if (state.status === 'cancelled') return [];
    const note = command.note?.trim();
    if (note && [...note].length > 1_000) throw invalid(ERROR_CODES.invalidAgendaItem, 'note', 'is longer than 1000 characters');
    return [{ type: 'feed.agendaitem.cancelled', version: 2, data: { ...(note ? { note } : {}), audience: state.audience } }];
  }
  if (state.status === 'cancelled') throw new FeedConflictError(ERROR_CODES.agendaItemCancelled, 'The item is cancelled');
  if (command.details.kind !== state.details.kind) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.kind', 'an event stays an event, a static item stays static');
  const details = checkDetails(command.details, command.now);
  return JSON.stringify(details) === JSON.stringify(state.details) ? [] : [{ type: 'feed.agendaitem.revised', version: 2, data: { details, audience: state.audience } }];
}

/** Titles 1-200; description sanitised Markdown; an event ends after it starts, at most 31 days later, in the future. */
function checkDetails(input: AgendaDetails, now: Date): AgendaDetails {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title || [...title].length > 200) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.title', 'must be 1-200 characters');
  const description = input.description.trim() ? buildText(input.description, AGENDA_DESCRIPTION_MAX, new Map(), 'details.description').body : '';
  if (input.kind === 'static') {
    const visibleUntil = futureInstant(input.visibleUntil, 'details.visibleUntil', now, ERROR_CODES.invalidAgendaItem);
    return { kind: 'static', title, description, ...(visibleUntil ? { visibleUntil } : {}) };
  }
  const startsAt = Date.parse(input.startsAt);
  const endsAt = futureInstant(input.endsAt, 'details.endsAt', now, ERROR_CODES.invalidAgendaItem)!;
  if (Number.isNaN(startsAt) || !/^\d{4}-\d{2}-\d{2}T/.test(input.startsAt)) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.startsAt', 'is not an ISO-8601 date-time');
  if (Date.parse(endsAt) <= startsAt) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.endsAt', 'must come after startsAt');
  if (Date.parse(endsAt) - startsAt > MAX_EVENT_MS) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.endsAt', 'an event lasts at most 31 days');
  const location = input.location?.replace(/\s+/g, ' ').trim();
  if (location && [...location].length > 200) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.location', 'is longer than 200 characters');
  const onlineUrl = input.onlineUrl === undefined ? undefined : safeUrl(input.onlineUrl);
  if (input.onlineUrl !== undefined && (!onlineUrl || !/^https?:/.test(onlineUrl))) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.onlineUrl', 'must be an http(s) URL');
  const { capacity } = input;
  if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 1 || capacity > 1_000_000)) throw invalid(ERROR_CODES.invalidAgendaItem, 'details.capacity', 'must be 1 to 1,000,000');
  return {
    kind: 'event',
    title,
    description,
    startsAt: new Date(startsAt).toISOString(),
    endsAt,
    ...(location ? { location } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
  };
}

export const foldAgendaItem = (events: readonly AgendaItemEvent[]): AgendaItemState => events.reduce(evolveAgendaItem, initialAgendaItemState());

export const agendaItemDecider = { decide: decideAgendaItem, evolve: evolveAgendaItem, initialState: initialAgendaItemState } as const;
