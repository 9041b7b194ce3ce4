import type { AgendaDetails } from '@plein/feed/contracts';
import { actor, at, deciderSpec, ids, NOW } from '../testing/decider-spec';
import { agendaItemDecider, foldAgendaItem, type AgendaItemEvent } from './agenda-item.decider';
import { rsvpDecider, type RsvpEvent } from './rsvp.decider';

const items = deciderSpec(agendaItemDecider);
const rsvps = deciderSpec(rsvpDecider);
const ada = actor(ids.ada);
const event: AgendaDetails = {
  kind: 'event',
  title: 'Lab opening',
  description: 'Drinks in the **new lab** <script>',
  startsAt: '2026-03-10T16:00:00Z',
  endsAt: '2026-03-10T18:00:00Z',
  location: ' Building B ',
  onlineUrl: 'https://meet.example/lab',
  capacity: 2,
};
const scheduled: AgendaItemEvent = {
  type: 'feed.agendaitem.scheduled',
  version: 1,
  data: {
    organiserId: ids.ada,
    audience: { kind: 'organisation' },
    details: { ...event, description: 'Drinks in the **new lab** \\<script>', startsAt: '2026-03-10T16:00:00.000Z', endsAt: '2026-03-10T18:00:00.000Z', location: 'Building B' },
  },
};
const schedule = (details: AgendaDetails) => ({ type: 'ScheduleAgendaItem' as const, agendaItemId: ids.agenda, actor: ada, audience: { kind: 'organisation' as const }, details, now: NOW });

describe('AgendaItem decider', () => {
  it('schedules events and static items with sanitised descriptions', () => {
    items.given().when(schedule(event)).then([scheduled]);
    items.given().when(schedule({ kind: 'static', title: 'Canteen hours', description: '8-15h' })).then([
      { type: 'feed.agendaitem.scheduled', version: 1, data: { organiserId: ids.ada, audience: { kind: 'organisation' }, details: { kind: 'static', title: 'Canteen hours', description: '8-15h' } } },
    ]);
  });

  it('refuses events that end before they start, lie in the past, or link unsafely', () => {
    items.given().when(schedule({ ...event, endsAt: '2026-03-10T15:00:00Z' })).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
    items.given().when(schedule({ ...event, startsAt: '2026-02-01T16:00:00Z', endsAt: '2026-02-01T18:00:00Z' })).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
    items.given().when(schedule({ ...event, onlineUrl: 'javascript:alert(1)' })).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
    items.given().when(schedule({ ...event, capacity: 0 })).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
  });

  it('lets the organiser revise (same kind) and cancel', () => {
    const revise = (details: AgendaDetails, who = ada) => ({ type: 'ReviseAgendaItem' as const, agendaItemId: ids.agenda, actor: who, details, now: NOW });
    items.given(scheduled).when(revise({ ...event, startsAt: '2026-03-10T16:30:00Z' })).then([
      {
        type: 'feed.agendaitem.revised',
        version: 2,
        data: { details: { ...(scheduled.data as { details: AgendaDetails }).details, startsAt: '2026-03-10T16:30:00.000Z' } as AgendaDetails, audience: { kind: 'organisation' } },
      },
    ]);
    items.given(scheduled).when(revise(event)).thenNothing();
    items.given(scheduled).when(revise({ kind: 'static', title: 'x', description: '' })).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
    items.given(scheduled).when(revise(event, actor(ids.bram))).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    items.given(scheduled).when({ type: 'CancelAgendaItem', agendaItemId: ids.agenda, actor: ada }).then([{ type: 'feed.agendaitem.cancelled', version: 2, data: { audience: { kind: 'organisation' } } }]);
  });

  it("carries the item's audience on revisions and cancellations (a group's event stays in the group)", () => {
    const group = { kind: 'group', groupId: ids.group } as const;
    const inGroup = { ...scheduled, data: { ...scheduled.data, audience: group } } as AgendaItemEvent;
    const [revised] = items.given(inGroup).when({ type: 'ReviseAgendaItem', agendaItemId: ids.agenda, actor: ada, details: { ...event, title: 'Lab party' }, now: NOW }).produced();
    expect(revised).toMatchObject({ type: 'feed.agendaitem.revised', version: 2, data: { audience: group } });
    items.given(inGroup).when({ type: 'CancelAgendaItem', agendaItemId: ids.agenda, actor: ada, note: 'Rain' }).then([{ type: 'feed.agendaitem.cancelled', version: 2, data: { note: 'Rain', audience: group } }]);
    const answered = rsvps.given().when({ type: 'AnswerRsvp', agendaItemId: ids.agenda, actor: actor(ids.bram), item: foldAgendaItem([inGroup]), answer: 'no', placeHeld: true, now: NOW }).produced();
    expect(answered).toMatchObject([{ type: 'feed.rsvp.answered', version: 2, data: { answer: 'no', audience: group } }]);
  });
});

describe('Rsvp decider', () => {
  const item = foldAgendaItem([scheduled]);
  const answer = (a: string, placeHeld = true, now = NOW) => ({ type: 'AnswerRsvp' as const, agendaItemId: ids.agenda, actor: actor(ids.bram), item, answer: a, placeHeld, now });
  const answered = (a: 'yes' | 'no' | 'maybe', previousAnswer: 'yes' | 'no' | 'maybe' | null): RsvpEvent => ({
    type: 'feed.rsvp.answered',
    version: 2,
    data: { agendaItemId: ids.agenda, userId: ids.bram, answer: a, previousAnswer, audience: { kind: 'organisation' } },
  });

  it('answers yes, maybe or no, and changes the answer until the event starts', () => {
    rsvps.given().when(answer('maybe')).then([answered('maybe', null)]);
    rsvps.given(answered('maybe', null)).when(answer('yes')).then([answered('yes', 'maybe')]);
    rsvps.given(answered('yes', null)).when(answer('yes', false)).thenNothing();
    rsvps.given(answered('yes', null)).when(answer('no', true, at('2026-03-10T16:00:00Z'))).thenThrows({ code: 'FEED.RSVP_CLOSED' });
    rsvps.given().when(answer('perhaps')).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
  });

  it('refuses yes without a place on the roster, and any answer when it is cancelled', () => {
    rsvps.given().when(answer('yes', false)).thenThrows({ code: 'FEED.EVENT_FULL' });
    rsvps.given().when(answer('maybe', false)).then([answered('maybe', null)]);
    const cancelled = foldAgendaItem([scheduled, { type: 'feed.agendaitem.cancelled', version: 2, data: { audience: { kind: 'organisation' } } }]);
    rsvps.given().when({ ...answer('yes'), item: cancelled }).thenThrows({ code: 'FEED.AGENDA_ITEM_CANCELLED' });
  });
});
