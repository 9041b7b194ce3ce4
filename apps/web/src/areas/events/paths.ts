/** The events area's paths: the agenda and idea jams. Ids are UUIDs (the feed's), matched linearly. */
export type EventsRoute =
  | { readonly name: 'agenda' }
  | { readonly name: 'agenda-item'; readonly agendaItemId: string }
  | { readonly name: 'jams' }
  | { readonly name: 'jam'; readonly jamId: string }
  | { readonly name: 'not-found' };

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const ITEM = /^\/agenda\/([^/]+)\/?$/;
const JAM = /^\/jams\/([^/]+)\/?$/;

/** The route for a path of this area, or null when the path belongs to another. */
export function parseEventsPath(path: string): EventsRoute | null {
  if (path === '/agenda' || path === '/agenda/') return { name: 'agenda' };
  if (path === '/jams' || path === '/jams/') return { name: 'jams' };
  const item = ITEM.exec(path);
  if (item) return UUID.test(item[1]!) ? { name: 'agenda-item', agendaItemId: item[1]!.toLowerCase() } : { name: 'not-found' };
  const jam = JAM.exec(path);
  if (jam) return UUID.test(jam[1]!) ? { name: 'jam', jamId: jam[1]!.toLowerCase() } : { name: 'not-found' };
  if (path.startsWith('/agenda/') || path.startsWith('/jams/')) return { name: 'not-found' };
  return null;
}

export const eventsHref = {
  agenda: '/agenda',
  agendaItem: (id: string) => `/agenda/${encodeURIComponent(id)}`,
  jams: '/jams',
  jam: (id: string) => `/jams/${encodeURIComponent(id)}`,
};
