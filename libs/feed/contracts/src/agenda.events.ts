import { dateTime, defineEvent, nullable, object, oneOfStrings, text, uuid, type EventContract, type JsonSchema } from '@plein/shared/contracts';
import { nextVersionWithAudience, scopedAudienceSchema, UNKNOWN_AUDIENCE, type ScopedAudience } from './audience';
import { linkSchema } from './content';
import { feedAgendaItemTopic, feedRsvpTopic } from './topics';

export const RSVP_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];
export const AGENDA_DESCRIPTION_MAX = 5_000;

/** An event happens in [startsAt, endsAt) somewhere and takes RSVPs; a static item is reference content. */
export type AgendaDetails =
  | {
      kind: 'event';
      title: string;
      /** Sanitised Markdown subset. */
      description: string;
      startsAt: string;
      endsAt: string;
      location?: string;
      onlineUrl?: string;
      /** Places for `yes` answers; none means unlimited. */
      capacity?: number;
    }
  | { kind: 'static'; title: string; description: string; visibleUntil?: string };

const kind = (k: string): JsonSchema => ({ type: 'string', const: k });
const description = text(AGENDA_DESCRIPTION_MAX, undefined, 0);
export const agendaDetailsSchema: JsonSchema = {
  oneOf: [
    object(
      {
        kind: kind('event'),
        title: text(200),
        description,
        startsAt: dateTime(),
        endsAt: dateTime(),
        location: text(200),
        onlineUrl: linkSchema,
        capacity: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      },
      ['kind', 'title', 'description', 'startsAt', 'endsAt'],
    ),
    object({ kind: kind('static'), title: text(200), description, visibleUntil: dateTime() }, ['kind', 'title', 'description']),
  ],
};

export interface AgendaItemScheduledV1 {
  organiserId: string;
  audience: ScopedAudience;
  details: AgendaDetails;
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). Full new details; the kind never changes. */
export interface AgendaItemRevisedV1 {
  details: AgendaDetails;
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface AgendaItemCancelledV1 {
  note?: string;
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface RsvpAnsweredV1 {
  agendaItemId: string;
  userId: string;
  answer: RsvpAnswer;
  /** null on the first answer; lets counters adjust without a lookup. */
  previousAnswer: RsvpAnswer | null;
}

/** `audience`: the agenda item's (it never changes), so consumers filter without an agenda projection. */
interface WithItemAudience {
  audience: ScopedAudience;
}
export type AgendaItemRevisedV2 = AgendaItemRevisedV1 & WithItemAudience;
export type AgendaItemCancelledV2 = AgendaItemCancelledV1 & WithItemAudience;
export type RsvpAnsweredV2 = RsvpAnsweredV1 & WithItemAudience;

const item = { aggregateType: 'agendaitem', topic: feedAgendaItemTopic, version: 1 } as const;
const eventDetails: AgendaDetails = {
  kind: 'event',
  title: 'Lab opening drinks',
  description: 'Come and see the **new lab**.',
  startsAt: '2026-02-02T16:00:00.000Z',
  endsAt: '2026-02-02T18:00:00.000Z',
  location: 'London, building B',
  capacity: 80,
};

export const agendaItemScheduledV1 = defineEvent<AgendaItemScheduledV1>({
  ...item,
  type: 'feed.agendaitem.scheduled',
  description: 'An agenda item (event or static item) was put on the agenda of an audience.',
  schema: object({ organiserId: uuid(), audience: scopedAudienceSchema, details: agendaDetailsSchema }, ['organiserId', 'audience', 'details']),
  example: { organiserId: '01964b1e-0000-7000-8000-000000000101', audience: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' }, details: eventDetails },
});

export const agendaItemRevisedV1 = defineEvent<AgendaItemRevisedV1>({
  ...item,
  deprecated: true,
  type: 'feed.agendaitem.revised',
  description: 'The organiser changed the details (time, place, capacity, text); RSVPs stay.',
  schema: object({ details: agendaDetailsSchema }, ['details']),
  example: { details: { ...eventDetails, startsAt: '2026-02-02T16:30:00.000Z' } },
});

export const agendaItemCancelledV1 = defineEvent<AgendaItemCancelledV1>({
  ...item,
  deprecated: true,
  type: 'feed.agendaitem.cancelled',
  description: 'The organiser cancelled the item; it leaves the agenda.',
  schema: object({ note: text(1_000) }),
  example: { note: 'Postponed until the lab is finished.' },
});

const answer = oneOfStrings(RSVP_ANSWERS);
export const rsvpAnsweredV1 = defineEvent<RsvpAnsweredV1>({
  aggregateType: 'rsvp',
  topic: feedRsvpTopic,
  version: 1,
  deprecated: true,
  type: 'feed.rsvp.answered',
  description: 'A person answered (or changed their answer to) an event invitation: yes, maybe or no.',
  schema: object({ agendaItemId: uuid(), userId: uuid(), answer, previousAnswer: nullable(answer) }, ['agendaItemId', 'userId', 'answer', 'previousAnswer']),
  example: { agendaItemId: '01964b1e-0000-7000-8000-000000000441', userId: '01964b1e-0000-7000-8000-000000000105', answer: 'yes', previousAnswer: null },
});

const itemAudience = {
  schema: scopedAudienceSchema,
  example: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' } as ScopedAudience,
  fallback: () => UNKNOWN_AUDIENCE,
};
const revisedV2 = nextVersionWithAudience(agendaItemRevisedV1, itemAudience, "The organiser changed the details (time, place, capacity, text); RSVPs stay. Carries the item's audience.");
const cancelledV2 = nextVersionWithAudience(agendaItemCancelledV1, itemAudience, "The organiser cancelled the item; it leaves the agenda. Carries the item's audience.");
const answeredV2 = nextVersionWithAudience(
  rsvpAnsweredV1,
  itemAudience,
  "A person answered (or changed their answer to) an event invitation: yes, maybe or no. Carries the event's audience.",
);
export const agendaItemRevisedV2: EventContract<AgendaItemRevisedV2> = revisedV2.contract;
export const agendaItemCancelledV2: EventContract<AgendaItemCancelledV2> = cancelledV2.contract;
export const rsvpAnsweredV2: EventContract<RsvpAnsweredV2> = answeredV2.contract;

export const agendaItemContracts = [agendaItemScheduledV1, agendaItemRevisedV1, agendaItemRevisedV2, agendaItemCancelledV1, agendaItemCancelledV2];
export const rsvpContracts = [rsvpAnsweredV1, rsvpAnsweredV2];
/** Agenda and RSVP events written before they carried the item's audience get UNKNOWN_AUDIENCE. */
export const agendaUpcasters = [revisedV2.upcaster, cancelledV2.upcaster, answeredV2.upcaster];
