import { ROSTER_OPENING_HOLDERS_MAX, type Audience, type RosterOpenedV2, type RosterPlaceReleasedV2, type RosterPlaceTakenV2, type RosterSubject } from '@plein/feed/contracts';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, FeedNotFoundError } from '../errors';
import type { AgendaItemState } from '../agenda/agenda-item.decider';
import { assertRsvpOpen } from '../agenda/rsvp.decider';
import { isCallToActionOpen } from '../post/call-to-action';
import type { CallToActionView } from '../response/response.decider';

/**
 * The places of one capacity-limited subject (stream `roster-<postId>` for a sign-up call to
 * action, `roster-<agendaItemId>` for an event's `yes` answers): who holds one. Whether a place is
 * free is decided here, on one stream with optimistic concurrency, so two simultaneous last
 * sign-ups cannot both get it: the loser's append conflicts, handleCommand re-reads and
 * re-decides, and the full roster refuses it. The per-person streams (`response-…`, `rsvp-…`)
 * still record the person's answer; the application takes the place here first and records the
 * answer second, and records a withdrawal first and gives the place back second, so the roster
 * always holds at least everyone registered (a crash in between keeps a place too many, never too
 * few, and the person's retry completes it).
 *
 * Subjects without a capacity need no roster; one is opened at the first place asked for under a
 * capacity, with the places already held (yes answers given before an event had a capacity).
 *
 * Every event carries the subject's audience (who holds a place is as private as the post or
 * event). Commands bring it: the post's or agenda item's audience, which never changes, so a roster
 * opened before events carried an audience (read as UNKNOWN_AUDIENCE) still writes the real one.
 */
export const ROSTER_AGGREGATE_TYPE = 'roster';

export type RosterEvent =
  | { readonly type: 'feed.roster.opened'; readonly version: 2; readonly data: RosterOpenedV2 }
  | { readonly type: 'feed.roster.place-taken'; readonly version: 2; readonly data: RosterPlaceTakenV2 }
  | { readonly type: 'feed.roster.place-released'; readonly version: 2; readonly data: RosterPlaceReleasedV2 };

export type RosterCommand =
  /** A place on a post's sign-up (capacity and deadline from the call to action). */
  | { readonly type: 'TakeSignUpPlace'; readonly actor: Actor; readonly post: CallToActionView; readonly now: Date }
  /**
   * A place for a `yes` to an agenda event (capacity from its current details). `holders`: the
   * people answering yes so far (read model), used only when this opens the roster.
   */
  | {
      readonly type: 'TakeEventPlace';
      readonly actor: Actor;
      readonly agendaItemId: string;
      readonly item: AgendaItemState;
      readonly holders: readonly string[];
      readonly now: Date;
    }
  /** Gives the person's place back (after their withdrawal or non-yes answer was recorded); `audience`: the post's or item's. */
  | { readonly type: 'ReleasePlace'; readonly userId: string; readonly audience: Audience };

export interface RosterState {
  readonly opened: boolean;
  readonly holders: ReadonlySet<string>;
}

export const initialRosterState = (): RosterState => ({ opened: false, holders: new Set() });

export function evolveRoster(state: RosterState, event: RosterEvent): RosterState {
  switch (event.type) {
    case 'feed.roster.opened':
      return { opened: true, holders: new Set(event.data.holders) };
    case 'feed.roster.place-taken':
      return { opened: true, holders: new Set(state.holders).add(event.data.userId) };
    case 'feed.roster.place-released': {
      const holders = new Set(state.holders);
      holders.delete(event.data.userId);
      return { ...state, holders };
    }
  }
}

/** Whether the person may record their sign-up / yes: they hold a place, or the subject has no limit and no roster. */
export const holdsPlace = (state: RosterState, userId: string, capacity: number | undefined): boolean =>
  state.holders.has(userId) || (capacity === undefined && !state.opened);

export function decideRoster(command: RosterCommand, state: RosterState): RosterEvent[] {
  if (command.type === 'ReleasePlace') {
    return state.holders.has(command.userId) ? [{ type: 'feed.roster.place-released', version: 2, data: { userId: command.userId, audience: command.audience } }] : [];
  }
  const { actor, now } = command;
  assertActive(actor);
  let subject: RosterSubject;
  let audience: Audience;
  let capacity: number | undefined;
  let opening: readonly string[] = [];
  let full: () => FeedConflictError;
  if (command.type === 'TakeSignUpPlace') {
    const { post } = command;
    if (!post.available) throw new FeedNotFoundError('post', post.postId);
    const cta = post.callToAction;
    if (cta.kind !== 'sign-up') throw new FeedConflictError(ERROR_CODES.callToActionMismatch, `The post asks for ${cta.kind}, not sign-up`);
    subject = 'post';
    audience = post.audience;
    capacity = cta.capacity;
    if (state.holders.has(actor.userId)) return [];
    if (!isCallToActionOpen(cta, post.closed, now)) throw new FeedConflictError(ERROR_CODES.callToActionClosed, 'The call to action is closed');
    full = () => new FeedConflictError(ERROR_CODES.capacityReached, 'No places left', { capacity });
  } else {
    const { item } = command;
    if (item.status === 'absent') throw new FeedNotFoundError('agenda-item', command.agendaItemId);
    if (item.details.kind !== 'event') throw new FeedConflictError(ERROR_CODES.invalidAgendaItem, 'Only events take RSVPs');
    subject = 'agendaitem';
    audience = item.audience;
    capacity = item.details.capacity;
    opening = command.holders;
    if (state.holders.has(actor.userId)) return [];
    assertRsvpOpen(item, now);
    full = () => new FeedConflictError(ERROR_CODES.eventFull, 'The event is full', { capacity });
  }
  // No limit and no roster yet: nothing to keep track of (the common case of unlimited events).
  if (capacity === undefined && !state.opened) return [];
  const events: RosterEvent[] = [];
  let holders = state.holders;
  if (!state.opened) {
    const seeded = [...new Set(opening)].slice(0, ROSTER_OPENING_HOLDERS_MAX);
    events.push({ type: 'feed.roster.opened', version: 2, data: { subject, holders: seeded, audience } });
    holders = new Set(seeded);
    if (holders.has(actor.userId)) return events;
  }
  if (capacity !== undefined && holders.size >= capacity) throw full();
  events.push({ type: 'feed.roster.place-taken', version: 2, data: { userId: actor.userId, ...(capacity !== undefined ? { capacity } : {}), audience } });
  return events;
}

export const rosterDecider = { decide: decideRoster, evolve: evolveRoster, initialState: initialRosterState } as const;
