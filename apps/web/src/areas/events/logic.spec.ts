import type { AgendaItem, Jam } from './api';
import { attendanceOf, eventRequest, eventWhen, jamRequest, managesJam, moment, rsvpOpen, voteActionOf, type EventDraft } from './logic';

const event = (over: Partial<AgendaItem> = {}, capacity?: number): AgendaItem => ({
  agendaItemId: 'a1',
  organiserId: 'o1',
  audience: { kind: 'organisation' },
  details: { kind: 'event', title: 'Borrel', description: '', startsAt: '2026-12-10T16:00:00.000Z', endsAt: '2026-12-10T18:30:00.000Z', ...(capacity !== undefined ? { capacity } : {}) },
  status: 'scheduled',
  rsvps: { yes: 0, maybe: 0, no: 0 },
  placesLeft: capacity ?? null,
  you: { rsvp: null },
  ...over,
});

describe('event times in the reader language and zone', () => {
  it('one day: the date once with both times, in the given zone', () => {
    const nl = eventWhen('2026-12-10T16:00:00.000Z', '2026-12-10T18:30:00.000Z', 'nl', 'Europe/Amsterdam');
    expect(nl).toContain('donderdag 10 december 2026');
    expect(nl).toContain('17:00');
    expect(nl).toContain('19:30');
    const en = eventWhen('2026-12-10T16:00:00.000Z', '2026-12-10T18:30:00.000Z', 'en', 'America/New_York');
    expect(en).toContain('Thursday, 10 December 2026');
    expect(en).toContain('11:00');
    expect(en).toContain('13:30');
  });

  it('across midnight in the zone: both dates', () => {
    const text = eventWhen('2026-12-10T22:00:00.000Z', '2026-12-11T01:00:00.000Z', 'en', 'Europe/Amsterdam');
    expect(text).toContain('10 December');
    expect(text).toContain('11 December');
  });

  it('keeps text it cannot read, and an end before the start shows the start only', () => {
    expect(eventWhen('soon', 'later', 'nl')).toBe('soon');
    expect(moment('never', 'en')).toBe('never');
    expect(eventWhen('2026-12-10T16:00:00.000Z', '2026-12-09T16:00:00.000Z', 'en', 'UTC')).not.toContain('9 December');
  });
});

describe('attendance and answering', () => {
  it('counts the yes answers against the capacity; full only for someone without a place', () => {
    expect(attendanceOf(event({ rsvps: { yes: 3, maybe: 1, no: 2 } }))).toEqual({ going: 3, capacity: null, placesLeft: null, full: false });
    expect(attendanceOf(event({ rsvps: { yes: 2, maybe: 0, no: 0 }, placesLeft: 0 }, 2))).toMatchObject({ going: 2, capacity: 2, full: true });
    expect(attendanceOf(event({ rsvps: { yes: 2, maybe: 0, no: 0 }, placesLeft: 0, you: { rsvp: 'yes' } }, 2)).full).toBe(false);
    expect(attendanceOf(event({ placesLeft: 1 }, 2)).full).toBe(false);
  });

  it('answers are open for scheduled events until they start', () => {
    const before = new Date('2026-12-10T15:59:00.000Z');
    expect(rsvpOpen(event(), before)).toBe(true);
    expect(rsvpOpen(event(), new Date('2026-12-10T16:00:00.000Z'))).toBe(false);
    expect(rsvpOpen(event({ status: 'cancelled' }), before)).toBe(false);
    expect(rsvpOpen(event({ details: { kind: 'static', title: 'Kerstsluiting', description: '' } }), before)).toBe(false);
  });
});

describe('request bodies from the forms', () => {
  const draft: EventDraft = { title: 'Borrel', description: 'Met bitterballen', startsAt: '2026-12-10T17:00', endsAt: '2026-12-10T19:30', location: ' Kantine ', onlineUrl: '', capacity: '40', audience: { kind: 'organisation' } };

  it('an event: local times become instants, optional fields only when filled, the capacity a number', () => {
    const body = eventRequest(draft);
    expect(body.audience).toEqual({ kind: 'organisation' });
    expect(body.details).toEqual({
      kind: 'event',
      title: 'Borrel',
      description: 'Met bitterballen',
      startsAt: new Date('2026-12-10T17:00').toISOString(),
      endsAt: new Date('2026-12-10T19:30').toISOString(),
      location: 'Kantine',
      capacity: 40,
    });
  });

  it('leaves what the feed must judge as it is: no start, a capacity that is not a whole number', () => {
    const body = eventRequest({ ...draft, startsAt: '', capacity: '2.5' });
    expect(body.details).not.toHaveProperty('startsAt');
    expect(body.details['capacity']).toBe('2.5');
  });

  it('a jam: the close as an instant and the votes per person as a number', () => {
    expect(jamRequest({ title: 'Lunch', question: 'Wat eten we?', closesAt: '2026-12-20T12:00', votesPerPerson: '2', audience: { kind: 'organisation' } })).toEqual({
      audience: { kind: 'organisation' },
      title: 'Lunch',
      question: 'Wat eten we?',
      closesAt: new Date('2026-12-20T12:00').toISOString(),
      votesPerPerson: 2,
    });
    expect(jamRequest({ title: 'x', question: 'y', closesAt: '', votesPerPerson: '', audience: { kind: 'organisation' } })).toEqual({ audience: { kind: 'organisation' }, title: 'x', question: 'y' });
  });
});

describe('voting in a jam', () => {
  const jam = (over: Partial<Jam> = {}): Jam =>
    ({ jamId: 'j', managerId: 'm', phase: 'open', votesPerPerson: 2, ideas: [], you: { votedIdeaIds: ['i1'], votesLeft: 1 }, ...over }) as Jam;

  it('vote on a colleague idea while votes are left; withdraw a vote given; never on your own', () => {
    expect(voteActionOf(jam(), { postId: 'i2', authorId: 'colleague' }, 'me')).toEqual({ kind: 'vote' });
    expect(voteActionOf(jam(), { postId: 'i1', authorId: 'colleague' }, 'me')).toEqual({ kind: 'withdraw' });
    expect(voteActionOf(jam(), { postId: 'i3', authorId: 'me' }, 'me')).toEqual({ kind: 'none', why: 'own' });
    expect(voteActionOf(jam({ you: { votedIdeaIds: ['i1', 'i4'], votesLeft: 0 } }), { postId: 'i2', authorId: 'c' }, 'me')).toEqual({ kind: 'none', why: 'no-votes-left' });
    expect(voteActionOf(jam({ phase: 'closed' }), { postId: 'i1', authorId: 'c' }, 'me')).toEqual({ kind: 'none', why: 'not-open' });
  });

  it('the manager or an admin manages the jam', () => {
    expect(managesJam(jam(), { id: 'm', roles: [] })).toBe(true);
    expect(managesJam(jam(), { id: 'x', roles: ['admin'] })).toBe(true);
    expect(managesJam(jam(), { id: 'x', roles: ['community-manager'] })).toBe(false);
  });
});
