import { defineEvent, object, oneOfStrings, setOf, uuid, type EventContract } from '@plein/shared/contracts';
import { audienceSchema, nextVersionWithAudience, UNKNOWN_AUDIENCE, type Audience } from './audience';
import { feedRosterTopic } from './topics';

/** What a roster's places are for: the sign-up call to action of a post, or the `yes` answers of an agenda event. */
export const ROSTER_SUBJECTS = ['post', 'agendaitem'] as const;
export type RosterSubject = (typeof ROSTER_SUBJECTS)[number];
/** Places already taken when a roster opens (yes answers given before the event had a capacity). */
export const ROSTER_OPENING_HOLDERS_MAX = 5_000;

/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface RosterOpenedV1 {
  subject: RosterSubject;
  /** People who already held a place when the roster opened (empty for sign-ups). */
  holders: string[];
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface RosterPlaceTakenV1 {
  userId: string;
  /** The capacity the place was granted under; absent when the subject had no limit at the time. */
  capacity?: number;
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface RosterPlaceReleasedV1 {
  userId: string;
}

/**
 * `audience`: the subject's (the post's `Audience`, or the agenda item's, which is never
 * `followers`). Who holds a place is as private as the post or event, and it never changes.
 */
interface WithSubjectAudience {
  audience: Audience;
}
export type RosterOpenedV2 = RosterOpenedV1 & WithSubjectAudience;
export type RosterPlaceTakenV2 = RosterPlaceTakenV1 & WithSubjectAudience;
export type RosterPlaceReleasedV2 = RosterPlaceReleasedV1 & WithSubjectAudience;

const base = { aggregateType: 'roster', topic: feedRosterTopic, version: 1, deprecated: true } as const;
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

const subjectAudience = { schema: audienceSchema, example: { kind: 'organisation' } as Audience, fallback: () => UNKNOWN_AUDIENCE };
const openedV2 = nextVersionWithAudience(
  rosterOpenedV1,
  subjectAudience,
  "The first place of a capacity-limited sign-up or event was asked for: its roster starts, with the places already held. Carries the post's or event's audience.",
);
const placeTakenV2 = nextVersionWithAudience(
  rosterPlaceTakenV1,
  subjectAudience,
  "A person took a free place (sign-up, or RSVP yes). Never more places are taken than the capacity. Carries the post's or event's audience.",
);
const placeReleasedV2 = nextVersionWithAudience(
  rosterPlaceReleasedV1,
  subjectAudience,
  "A person gave their place back (withdrew the sign-up, or changed the RSVP from yes). Carries the post's or event's audience.",
);
export const rosterOpenedV2: EventContract<RosterOpenedV2> = openedV2.contract;
export const rosterPlaceTakenV2: EventContract<RosterPlaceTakenV2> = placeTakenV2.contract;
export const rosterPlaceReleasedV2: EventContract<RosterPlaceReleasedV2> = placeReleasedV2.contract;

export const rosterContracts = [rosterOpenedV1, rosterOpenedV2, rosterPlaceTakenV1, rosterPlaceTakenV2, rosterPlaceReleasedV1, rosterPlaceReleasedV2];
/** Roster events written before they carried the subject's audience get UNKNOWN_AUDIENCE. */
export const rosterUpcasters = [openedV2.upcaster, placeTakenV2.upcaster, placeReleasedV2.upcaster];
