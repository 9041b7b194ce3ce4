import { appendUnique } from '../../paging';
import type { NotificationItem } from './api';

/** The inbox as shown: most recently changed first (highest seq), each item once. */
export interface InboxList {
  readonly items: readonly NotificationItem[];
  readonly nextCursor: string | null;
  /** True once the last page is in. */
  readonly done: boolean;
}

export const EMPTY_INBOX: InboxList = { items: [], nextCursor: null, done: false };

/** A page (older items) appended; an item already shown (it moved up live meanwhile) keeps its newer copy. */
export function appendPage(list: InboxList, page: { readonly items: readonly NotificationItem[]; readonly nextCursor?: string }): InboxList {
  return { items: appendUnique(list.items, page.items, (i) => i.id), nextCursor: page.nextCursor ?? null, done: page.nextCursor === undefined };
}

/**
 * An item from the live stream: new or changed (a grouped item gaining an actor) items go to the top;
 * an older copy of the same item leaves its place. A copy older than the one shown changes nothing.
 */
export function mergeLive(list: InboxList, item: NotificationItem): InboxList {
  const current = list.items.find((i) => i.id === item.id);
  if (current && current.seq >= item.seq) return list;
  return { ...list, items: [item, ...list.items.filter((i) => i.id !== item.id)] };
}

/** One item's read state changed (marked here, or answered by the service). */
export function withRead(list: InboxList, id: string, read: boolean): InboxList {
  return { ...list, items: list.items.map((i) => (i.id === id && i.read !== read ? { ...i, read } : i)) };
}

/** Read-all: every item shown up to `uptoSeq` (the newest shown when it was asked) became read; later ones stay as they are. */
export function allReadUpTo(list: InboxList, uptoSeq: number): InboxList {
  return { ...list, items: list.items.map((i) => (i.read || i.seq > uptoSeq ? i : { ...i, read: true })) };
}
