import { appendUnique } from './paging';

describe('appendUnique', () => {
  const id = (i: { id: string }) => i.id;

  it('appends the page after what is shown, in order', () => {
    expect(appendUnique([{ id: 'a' }], [{ id: 'b' }, { id: 'c' }], id).map(id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the copy already shown of an item met again, and each item of the page once', () => {
    const shown = [{ id: 'a', v: 1 }, { id: 'b', v: 1 }];
    const next = appendUnique(shown, [{ id: 'b', v: 2 }, { id: 'c', v: 2 }, { id: 'c', v: 3 }], id);
    expect(next).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 1 }, { id: 'c', v: 2 }]);
  });

  it('leaves the list shown untouched', () => {
    const shown = [{ id: 'a' }];
    appendUnique(shown, [{ id: 'b' }], id);
    expect(shown).toEqual([{ id: 'a' }]);
  });
});
