import type { Me } from '../../api';
import type { ContentType, QueueItem } from './api';

/** Identity roles that moderate the whole organisation or its escalated cases (libs/moderation/domain scope.ts). */
const MODERATOR_ROLES: readonly string[] = ['moderator', 'admin', 'hr-legal'];

/**
 * Whether the main navigation offers the queue. Group owners and moderators also have a queue (of
 * their groups), but that is not in the token's roles; they reach /moderation by its address and
 * the queue answers for them. Everyone else gets the not-found view there (the queue's 403).
 */
export const offersQueue = (me: Pick<Me, 'roles'>): boolean => me.roles.some((r) => MODERATOR_ROLES.includes(r));

export type ModerationRoute =
  | { readonly name: 'queue' }
  | { readonly name: 'case'; readonly contentType: ContentType; readonly contentId: string }
  | { readonly name: 'mine' }
  | { readonly name: 'not-found' };

const CASE = /^\/moderation\/cases\/([a-z]+)\/([\w-]{1,64})$/;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const CONTENT_TYPES: readonly string[] = ['post', 'comment', 'profile'];

/** The moderation area's paths; null for a path that is not the area's. A malformed case id is not-found. */
export function parseModerationPath(path: string): ModerationRoute | null {
  if (path === '/moderation' || path === '/moderation/') return { name: 'queue' };
  if (path === '/moderation/mine') return { name: 'mine' };
  if (!path.startsWith('/moderation/')) return null;
  const m = CASE.exec(path);
  if (!m || !CONTENT_TYPES.includes(m[1]!) || !UUID.test(m[2]!)) return { name: 'not-found' };
  return { name: 'case', contentType: m[1] as ContentType, contentId: m[2]!.toLowerCase() };
}

export const caseHref = (item: Pick<QueueItem, 'contentType' | 'contentId'>): string => `/moderation/cases/${item.contentType}/${encodeURIComponent(item.contentId)}`;

const base = (path: string) => `/api/moderation/v1/moderation${path}`;
export const moderationPath = {
  reasons: base('/reports/reasons'),
  reports: base('/reports'),
  myReports: (cursor: string | null) => base(`/reports/mine?${page(cursor, 20)}`),
  queue: (status: string, cursor: string | null, limit = 20) => base(`/queue?status=${encodeURIComponent(status)}&${page(cursor, limit)}`),
  case: (contentType: ContentType, contentId: string, action = '') => base(`/cases/${contentType}/${encodeURIComponent(contentId)}${action}`),
  myDecisions: (cursor: string | null) => base(`/decisions/mine?${page(cursor, 20)}`),
  appeal: (decisionId: string) => base(`/decisions/${encodeURIComponent(decisionId)}/appeal`),
};
function page(cursor: string | null, limit: number): string {
  const p = new URLSearchParams({ limit: String(Math.min(100, Math.max(1, limit))) });
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

/** A case's reasons, most reported first (ties by name), as [code, count]; zero counts are left out. */
export function reasonsByCount(reasons: QueueItem['reasons']): [string, number][] {
  return Object.entries(reasons)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Text shortened to at most `max` characters on a word boundary when there is one, with an ellipsis. */
export function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

