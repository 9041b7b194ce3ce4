import { eventsHref, parseEventsPath } from './paths';

describe('events paths', () => {
  const id = '0190a6f2-7b3c-7d4e-8f00-123456789abc';

  it('claims the agenda and jams, with and without a trailing slash', () => {
    expect(parseEventsPath('/agenda')).toEqual({ name: 'agenda' });
    expect(parseEventsPath('/agenda/')).toEqual({ name: 'agenda' });
    expect(parseEventsPath('/jams')).toEqual({ name: 'jams' });
    expect(parseEventsPath(`/agenda/${id}`)).toEqual({ name: 'agenda-item', agendaItemId: id });
    expect(parseEventsPath(`/jams/${id.toUpperCase()}`)).toEqual({ name: 'jam', jamId: id });
  });

  it('answers not-found for a bad id or a deeper path under its own prefixes, and null for paths of others', () => {
    expect(parseEventsPath('/agenda/not-an-id')).toEqual({ name: 'not-found' });
    expect(parseEventsPath(`/jams/${id}x`)).toEqual({ name: 'not-found' });
    expect(parseEventsPath(`/jams/${id}/ideas`)).toEqual({ name: 'not-found' });
    expect(parseEventsPath('/agendas')).toBeNull();
    expect(parseEventsPath('/groups')).toBeNull();
    expect(parseEventsPath('/')).toBeNull();
  });

  it('builds hrefs that parse back to the same route', () => {
    expect(parseEventsPath(eventsHref.agendaItem(id))).toEqual({ name: 'agenda-item', agendaItemId: id });
    expect(parseEventsPath(eventsHref.jam(id))).toEqual({ name: 'jam', jamId: id });
    expect(parseEventsPath(eventsHref.agenda)).toEqual({ name: 'agenda' });
    expect(parseEventsPath(eventsHref.jams)).toEqual({ name: 'jams' });
  });
});
