import { useCallback, useEffect, useReducer, useRef } from 'react';
import { initialPagedList, pagedListReducer, type ListPage, type PagedListState } from './paged-list';

export type { ListPage } from './paged-list';

export interface PagedList<T> {
  /** The items so far; null until the first page is in (or after the query changed). */
  readonly items: readonly T[] | null;
  readonly loading: boolean;
  /** The last request's failure, null when none; the items shown stay. */
  readonly error: unknown;
  /** A next page exists (its cursor is known). */
  readonly hasMore: boolean;
  /** Asks for the next page; it is appended, each item once. */
  loadMore(): Promise<void>;
  /** Asks for the first page again; it replaces what is shown when it answers. */
  reload(): Promise<void>;
  /** Changes the items shown in place (an optimistic or answered change); nothing before the first page. */
  setItems(update: (items: readonly T[]) => readonly T[]): void;
}

/**
 * A cursor-paged list: the first page on mount and whenever `query` changes (the list then empties
 * at once), the next page on `loadMore`, the first again on `reload`. Only the latest request's
 * answer counts (pagedListReducer): an older one (the query changed, or a reload came after a load
 * more) is ignored and its fetch aborted. `fetchPage` is read when a request starts, so it may be an
 * inline function; what it depends on belongs in `query`.
 */
export function usePagedList<T>(options: {
  fetchPage(cursor: string | null, signal: AbortSignal): Promise<ListPage<T>>;
  idOf(item: T): string;
  /** What the list is of (a filter, an id): a change starts over. */
  query?: string;
}): PagedList<T> {
  const [state, dispatch] = useReducer(pagedListReducer<T>, undefined, initialPagedList<T>);
  const latest = useRef({ options, state });
  latest.current = { options, state };
  const lastRequest = useRef(0);
  const inFlight = useRef<AbortController | null>(null);

  const run = useCallback(async (first: boolean, clear = false) => {
    const cursor = first ? null : latest.current.state.next;
    if (!first && cursor === null) return;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    const request = ++lastRequest.current;
    dispatch({ type: 'start', request, first, clear });
    const { fetchPage, idOf } = latest.current.options;
    try {
      const page = await fetchPage(cursor, controller.signal);
      dispatch({ type: 'page', request, first, page, idOf });
    } catch (error) {
      dispatch({ type: 'fail', request, error });
    }
  }, []);

  const query = options.query ?? '';
  useEffect(() => {
    void run(true, true);
    return () => {
      // A newer query (or leaving the view) makes this one's answer stale.
      lastRequest.current++;
      inFlight.current?.abort();
    };
  }, [query, run]);

  const loadMore = useCallback(() => run(false), [run]);
  const reload = useCallback(() => run(true), [run]);
  const setItems = useCallback((update: (items: readonly T[]) => readonly T[]) => dispatch({ type: 'update', update }), []);
  return view(state, loadMore, reload, setItems);
}

const view = <T>(state: PagedListState<T>, loadMore: () => Promise<void>, reload: () => Promise<void>, setItems: PagedList<T>['setItems']): PagedList<T> => ({
  items: state.items,
  loading: state.loading,
  error: state.error,
  hasMore: state.next !== null,
  loadMore,
  reload,
  setItems,
});
