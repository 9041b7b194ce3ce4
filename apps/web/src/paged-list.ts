import { appendUnique } from './paging';

/** One page of a cursor-paged list, whatever the service calls its cursor field. */
export interface ListPage<T> {
  readonly items: readonly T[];
  /** The cursor of the next page; null: this was the last page. */
  readonly next: string | null;
}

/**
 * A cursor-paged list as a view shows it: the items so far (null until the first page is in), the
 * next page's cursor, whether a request is in flight and the last request's failure. `request` is
 * the id of the request whose answer counts; the answer of any other request (an older query, a
 * page asked for before a reload) is stale and changes nothing.
 */
export interface PagedListState<T> {
  readonly items: readonly T[] | null;
  readonly next: string | null;
  readonly loading: boolean;
  /** The last request's failure (null: none); the items shown stay. */
  readonly error: unknown;
  readonly request: number;
}

export type PagedListAction<T> =
  /**
   * A request started: the first page (`first`, replacing what is shown when it answers) or the next
   * one. `clear` (a new query) empties the list at once, so nothing of the old query stays shown.
   */
  | { readonly type: 'start'; readonly request: number; readonly first: boolean; readonly clear?: boolean }
  | { readonly type: 'page'; readonly request: number; readonly first: boolean; readonly page: ListPage<T>; readonly idOf: (item: T) => string }
  | { readonly type: 'fail'; readonly request: number; readonly error: unknown }
  /** A change made in place (an RSVP, a joined group, a decided request); nothing before the first page. */
  | { readonly type: 'update'; readonly update: (items: readonly T[]) => readonly T[] };

export const initialPagedList = <T>(): PagedListState<T> => ({ items: null, next: null, loading: true, error: null, request: 0 });

export function pagedListReducer<T>(state: PagedListState<T>, action: PagedListAction<T>): PagedListState<T> {
  switch (action.type) {
    case 'start':
      return { ...state, ...(action.clear ? { items: null, next: null } : {}), loading: true, error: null, request: action.request };
    case 'page':
      if (action.request !== state.request) return state;
      return {
        ...state,
        items: action.first ? appendUnique([], action.page.items, action.idOf) : appendUnique(state.items ?? [], action.page.items, action.idOf),
        next: action.page.next,
        loading: false,
        error: null,
      };
    case 'fail':
      if (action.request !== state.request) return state;
      return { ...state, loading: false, error: action.error };
    case 'update':
      return state.items === null ? state : { ...state, items: action.update(state.items) };
  }
}
