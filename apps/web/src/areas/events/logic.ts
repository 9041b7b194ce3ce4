import type { AgendaDetails, AgendaItem, Jam, JamIdea, ScopedAudience } from './api';

/** The reader's locale for a language of the client. */
export const localeOf = (lang: string): string => (lang === 'nl' ? 'nl-NL' : 'en-GB');

const valid = (iso: string | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/**
 * When an event takes place, in the reader's language and time zone (`timeZone` only for tests;
 * the browser's own zone otherwise): one date with two times on the same day, two dates otherwise.
 */
export function eventWhen(startsAt: string, endsAt: string, lang: string, timeZone?: string): string {
  const start = valid(startsAt);
  const end = valid(endsAt);
  if (!start) return startsAt;
  const format = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'full', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  if (!end || end.getTime() < start.getTime()) return format.format(start);
  return format.formatRange(start, end);
}

/** One moment (a jam's close, a static item's end), in the reader's language and zone. */
export function moment(iso: string, lang: string, timeZone?: string): string {
  const d = valid(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** What the item says about places: how many go, of how many, and whether a yes can still be had. */
export interface Attendance {
  readonly going: number;
  readonly capacity: number | null;
  readonly placesLeft: number | null;
  /** No place left, and the reader has none: a yes would answer FEED.EVENT_FULL. */
  readonly full: boolean;
}

export function attendanceOf(item: Pick<AgendaItem, 'details' | 'rsvps' | 'placesLeft' | 'you'>): Attendance {
  const capacity = item.details.kind === 'event' && item.details.capacity !== undefined ? item.details.capacity : null;
  return { going: item.rsvps.yes, capacity, placesLeft: item.placesLeft, full: item.placesLeft === 0 && item.you.rsvp !== 'yes' };
}

/** May the reader still answer? Events only, scheduled, until they start. */
export function rsvpOpen(item: Pick<AgendaItem, 'details' | 'status'>, now: Date): boolean {
  return item.status === 'scheduled' && item.details.kind === 'event' && now.getTime() < Date.parse(item.details.startsAt);
}

/** The draft of a new event, as the form holds it (datetime-local values, free text). */
export interface EventDraft {
  readonly title: string;
  readonly description: string;
  /** `YYYY-MM-DDTHH:mm` in the reader's zone (an `<input type="datetime-local">`). */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly location: string;
  readonly onlineUrl: string;
  readonly capacity: string;
  readonly audience: ScopedAudience;
}

/**
 * The request body of `POST /v1/agenda` for a draft: local times become instants (ISO, UTC), empty
 * optional fields are left out, and anything the feed must judge (a missing start, a capacity that
 * is not a whole number) is sent as it is so its problem names the field.
 */
export function eventRequest(draft: EventDraft): { audience: ScopedAudience; details: Record<string, unknown> } {
  const instant = (local: string): string | undefined => {
    if (!local) return undefined;
    const d = new Date(local);
    return Number.isNaN(d.getTime()) ? local : d.toISOString();
  };
  const capacity = draft.capacity.trim();
  const details: Record<string, unknown> = { kind: 'event', title: draft.title, description: draft.description };
  const startsAt = instant(draft.startsAt);
  const endsAt = instant(draft.endsAt);
  if (startsAt !== undefined) details['startsAt'] = startsAt;
  if (endsAt !== undefined) details['endsAt'] = endsAt;
  if (draft.location.trim()) details['location'] = draft.location.trim();
  if (draft.onlineUrl.trim()) details['onlineUrl'] = draft.onlineUrl.trim();
  if (capacity) details['capacity'] = /^\d{1,7}$/.test(capacity) ? Number(capacity) : capacity;
  return { audience: draft.audience, details };
}

/** A draft for a new jam; `closesAt` is a datetime-local value. */
export interface JamDraft {
  readonly title: string;
  readonly question: string;
  readonly closesAt: string;
  readonly votesPerPerson: string;
  readonly audience: ScopedAudience;
}

export function jamRequest(draft: JamDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { audience: draft.audience, title: draft.title, question: draft.question };
  if (draft.closesAt) {
    const d = new Date(draft.closesAt);
    body['closesAt'] = Number.isNaN(d.getTime()) ? draft.closesAt : d.toISOString();
  }
  const votes = draft.votesPerPerson.trim();
  if (votes) body['votesPerPerson'] = /^\d{1,3}$/.test(votes) ? Number(votes) : votes;
  return body;
}

/** What the reader may do with one idea of a jam. */
export type VoteAction = { readonly kind: 'vote' } | { readonly kind: 'withdraw' } | { readonly kind: 'none'; readonly why: 'own' | 'no-votes-left' | 'not-open' };

export function voteActionOf(jam: Pick<Jam, 'phase' | 'you'>, idea: Pick<JamIdea, 'postId' | 'authorId'>, meId: string): VoteAction {
  if (jam.phase !== 'open') return { kind: 'none', why: 'not-open' };
  if (idea.authorId === meId) return { kind: 'none', why: 'own' };
  if (jam.you.votedIdeaIds.includes(idea.postId)) return { kind: 'withdraw' };
  return jam.you.votesLeft > 0 ? { kind: 'vote' } : { kind: 'none', why: 'no-votes-left' };
}

/** The jam's manager (or an admin) closes, cancels and publishes outcomes. */
export function managesJam(jam: Pick<Jam, 'managerId'>, me: { readonly id: string; readonly roles: readonly string[] }): boolean {
  return jam.managerId === me.id || me.roles.includes('admin');
}

/** The organiser (or an admin) cancels an agenda item. */
export function organisesItem(item: Pick<AgendaItem, 'organiserId'>, me: { readonly id: string; readonly roles: readonly string[] }): boolean {
  return item.organiserId === me.id || me.roles.includes('admin');
}

/** A static item's title for headings; an event's as well. */
export const titleOf = (details: AgendaDetails): string => details.title;

/** The names a problem may use for a form field: request validation (`body.…`) and the domain's own. */
export const agendaFields = (name: string): string[] => [`body.details.${name}`, `details.${name}`];
export const jamFields = (name: string): string[] => [`body.${name}`, name];
/** Ideas are posts: request validation says `body.title`, the domain `title`. */
export const postFields = jamFields;
