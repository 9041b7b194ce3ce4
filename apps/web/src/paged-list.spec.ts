import { initialPagedList, pagedListReducer, type PagedListAction, type PagedListState } from './paged-list';

type Item = { readonly id: string; readonly v?: number };
const idOf = (i: Item) => i.id;
const ids = (s: PagedListState<Item>) => s.items?.map(idOf) ?? null;
const run = (...actions: PagedListAction<Item>[]) => actions.reduce(pagedListReducer<Item>, initialPagedList<Item>());
const page = (request: number, first: boolean, items: Item[], next: string | null): PagedListAction<Item> => ({ type: 'page', request, first, page: { items, next }, idOf });

describe('pagedListReducer', () => {
  it('shows nothing and loads until the first page is in, then its items and cursor', () => {
    expect(initialPagedList()).toMatchObject({ items: null, loading: true, error: null });
    const s = run({ type: 'start', request: 1, first: true, clear: true }, page(1, true, [{ id: 'a' }, { id: 'b' }], 'c1'));
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s).toMatchObject({ next: 'c1', loading: false, error: null });
  });

  it('appends the next page after what is shown, an item met again keeping the copy shown', () => {
    const s = run(
      { type: 'start', request: 1, first: true },
      page(1, true, [{ id: 'a', v: 1 }, { id: 'b', v: 1 }], 'c1'),
      { type: 'start', request: 2, first: false },
      page(2, false, [{ id: 'b', v: 2 }, { id: 'c', v: 2 }], null),
    );
    expect(s.items).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 1 }, { id: 'c', v: 2 }]);
    expect(s.next).toBeNull();
  });

  it('ignores the answer of a request that is no longer the latest (the query changed meanwhile)', () => {
    const s = run(
      { type: 'start', request: 1, first: true, clear: true },
      { type: 'start', request: 2, first: true, clear: true },
      page(2, true, [{ id: 'new' }], null),
      page(1, true, [{ id: 'old' }], 'old-cursor'),
      { type: 'fail', request: 1, error: new Error('aborted') },
    );
    expect(ids(s)).toEqual(['new']);
    expect(s).toMatchObject({ next: null, loading: false, error: null });
  });

  it('ignores a next page answered after a reload started, and keeps loading for the reload', () => {
    const s = run(
      { type: 'start', request: 1, first: true },
      page(1, true, [{ id: 'a' }], 'c1'),
      { type: 'start', request: 2, first: false },
      { type: 'start', request: 3, first: true },
      page(2, false, [{ id: 'b' }], 'c2'),
    );
    expect(ids(s)).toEqual(['a']);
    expect(s).toMatchObject({ next: 'c1', loading: true });
  });

  it('keeps the items and the cursor on a failure, and clears the failure when the next request starts', () => {
    const error = new Error('down');
    const failed = run(
      { type: 'start', request: 1, first: true },
      page(1, true, [{ id: 'a' }], 'c1'),
      { type: 'start', request: 2, first: false },
      { type: 'fail', request: 2, error },
    );
    expect(ids(failed)).toEqual(['a']);
    expect(failed).toMatchObject({ next: 'c1', loading: false, error });
    expect(pagedListReducer(failed, { type: 'start', request: 3, first: false })).toMatchObject({ items: failed.items, loading: true, error: null });
  });

  it('reload keeps what is shown until the first page answers, then replaces it all', () => {
    const shown = run(
      { type: 'start', request: 1, first: true },
      page(1, true, [{ id: 'a' }], 'c1'),
      { type: 'start', request: 2, first: false },
      page(2, false, [{ id: 'b' }], 'c2'),
      { type: 'start', request: 3, first: true },
    );
    expect(ids(shown)).toEqual(['a', 'b']);
    const reloaded = pagedListReducer(shown, page(3, true, [{ id: 'z' }, { id: 'a', v: 9 }], null));
    expect(reloaded.items).toEqual([{ id: 'z' }, { id: 'a', v: 9 }]);
    expect(reloaded.next).toBeNull();
  });

  it('a new query empties the list at once', () => {
    const s = run({ type: 'start', request: 1, first: true }, page(1, true, [{ id: 'a' }], 'c1'), { type: 'start', request: 2, first: true, clear: true });
    expect(s).toMatchObject({ items: null, next: null, loading: true });
  });

  it('changes items in place once there are items, and survives the next page', () => {
    expect(run({ type: 'update', update: () => [{ id: 'x' }] }).items).toBeNull();
    const s = run(
      { type: 'start', request: 1, first: true },
      page(1, true, [{ id: 'a', v: 1 }], 'c1'),
      { type: 'start', request: 2, first: false },
      { type: 'update', update: (items) => items.map((i) => ({ ...i, v: 2 })) },
      page(2, false, [{ id: 'a', v: 1 }, { id: 'b', v: 1 }], null),
    );
    expect(s.items).toEqual([{ id: 'a', v: 2 }, { id: 'b', v: 1 }]);
  });
});
