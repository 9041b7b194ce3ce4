import { dateTime, defineEvent, nullable, object, oneOfStrings, text, uuid, type JsonSchema } from '@plein/shared/contracts';
import { scopedAudienceSchema, type ScopedAudience } from './audience';
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
/** Full new details; the kind never changes. */
export interface AgendaItemRevisedV1 {
  details: AgendaDetails;
}
export interface AgendaItemCancelledV1 {
  note?: string;
}
export interface RsvpAnsweredV1 {
  agendaItemId: string;
  userId: string;
  answer: RsvpAnswer;
  /** null on the first answer; lets counters adjust without a lookup. */
  previousAnswer: RsvpAnswer | null;
}

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
  type: 'feed.agendaitem.revised',
  description: 'The organiser changed the details (time, place, capacity, text); RSVPs stay.',
  schema: object({ details: agendaDetailsSchema }, ['details']),
  example: { details: { ...eventDetails, startsAt: '2026-02-02T16:30:00.000Z' } },
});

export const agendaItemCancelledV1 = defineEvent<AgendaItemCancelledV1>({
  ...item,
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
  type: 'feed.rsvp.answered',
  description: 'A person answered (or changed their answer to) an event invitation: yes, maybe or no.',
  schema: object({ agendaItemId: uuid(), userId: uuid(), answer, previousAnswer: nullable(answer) }, ['agendaItemId', 'userId', 'answer', 'previousAnswer']),
  example: { agendaItemId: '01964b1e-0000-7000-8000-000000000441', userId: '01964b1e-0000-7000-8000-000000000105', answer: 'yes', previousAnswer: null },
});

export const agendaItemContracts = [agendaItemScheduledV1, agendaItemRevisedV1, agendaItemCancelledV1];
export const rsvpContracts = [rsvpAnsweredV1];
