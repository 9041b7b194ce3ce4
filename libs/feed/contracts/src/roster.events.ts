import { defineEvent, object, oneOfStrings, setOf, uuid } from '@plein/shared/contracts';
import { feedRosterTopic } from './topics';

/** What a roster's places are for: the sign-up call to action of a post, or the `yes` answers of an agenda event. */
export const ROSTER_SUBJECTS = ['post', 'agendaitem'] as const;
export type RosterSubject = (typeof ROSTER_SUBJECTS)[number];
/** Places already taken when a roster opens (yes answers given before the event had a capacity). */
export const ROSTER_OPENING_HOLDERS_MAX = 5_000;

export interface RosterOpenedV1 {
  subject: RosterSubject;
  /** People who already held a place when the roster opened (empty for sign-ups). */
  holders: string[];
}
export interface RosterPlaceTakenV1 {
  userId: string;
  /** The capacity the place was granted under; absent when the subject had no limit at the time. */
  capacity?: number;
}
export interface RosterPlaceReleasedV1 {
  userId: string;
}

const base = { aggregateType: 'roster', topic: feedRosterTopic, version: 1 } as const;
const USER = '01964b1e-0000-7000-8000-000000000105';

export const rosterOpenedV1 = defineEvent<RosterOpenedV1>({
  ...base,
  type: 'feed.roster.opened',
  description: 'The first place of a capacity-limited sign-up or event was asked for: its roster starts, with the places already held.',
  schema: object({ subject: oneOfStrings(ROSTER_SUBJECTS), holders: setOf(uuid(), ROSTER_OPENING_HOLDERS_MAX) }, ['subject', 'holders']),
  example: { subject: 'post', holders: [] },
});

export const rosterPlaceTakenV1 = defineEvent<RosterPlaceTakenV1>({
  ...base,
  type: 'feed.roster.place-taken',
  description: 'A person took a free place (sign-up, or RSVP yes). Never more places are taken than the capacity.',
  schema: object({ userId: uuid(), capacity: { type: 'integer', minimum: 1, maximum: 1_000_000 } }, ['userId']),
  example: { userId: USER, capacity: 12 },
});

export const rosterPlaceReleasedV1 = defineEvent<RosterPlaceReleasedV1>({
  ...base,
  type: 'feed.roster.place-released',
  description: 'A person gave their place back (withdrew the sign-up, or changed the RSVP from yes).',
  schema: object({ userId: uuid() }, ['userId']),
  example: { userId: USER },
});

export const rosterContracts = [rosterOpenedV1, rosterPlaceTakenV1, rosterPlaceReleasedV1];
