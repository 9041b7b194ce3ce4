import { createNameLookup, type FetchPeople } from './names';

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** A fake identity: answers the people it knows, records every request. */
function identity(known: Record<string, string>) {
  const requests: string[][] = [];
  let fail = false;
  const fetchPeople: FetchPeople = async (ids) => {
    requests.push([...ids]);
    if (fail) throw new Error('down');
    return ids.filter((i) => i in known).map((i) => ({ id: i, displayName: known[i]! }));
  };
  return { requests, fetchPeople, failNext: (v: boolean) => (fail = v) };
}

describe('name lookup', () => {
  it('asks once for every name wanted in the same window, each id once', async () => {
    const idp = identity({ [id(1)]: 'Anna', [id(2)]: 'Bram' });
    const names = createNameLookup(idp.fetchPeople, { windowMs: 5 });
    const answers = await Promise.all([names.displayNameOf(id(1)), names.displayNameOf(id(2)), names.displayNameOf(id(1)), names.displayNameOf(id(3))]);
    expect(answers).toEqual(['Anna', 'Bram', 'Anna', null]);
    expect(idp.requests).toEqual([[id(1), id(2), id(3)]]);
  });

  it('remembers answers (unknown people too): asking again sends nothing', async () => {
    const idp = identity({ [id(1)]: 'Anna' });
    const names = createNameLookup(idp.fetchPeople, { windowMs: 1 });
    await Promise.all([names.displayNameOf(id(1)), names.displayNameOf(id(9))]);
    expect(await names.displayNameOf(id(1))).toBe('Anna');
    expect(await names.displayNameOf(id(9))).toBeNull();
    expect(idp.requests).toHaveLength(1);
  });

  it('splits more than 100 ids into requests of at most 100', async () => {
    const idp = identity({ [id(150)]: 'Nr 150' });
    const names = createNameLookup(idp.fetchPeople, { windowMs: 1 });
    const answers = await Promise.all(Array.from({ length: 250 }, (_, i) => names.displayNameOf(id(i))));
    expect(idp.requests.map((r) => r.length)).toEqual([100, 100, 50]);
    expect(answers[150]).toBe('Nr 150');
    expect(answers.filter((a) => a !== null)).toHaveLength(1);
  });

  it('forgets a failed request, so the next ask tries again', async () => {
    const idp = identity({ [id(1)]: 'Anna' });
    const names = createNameLookup(idp.fetchPeople, { windowMs: 1 });
    idp.failNext(true);
    expect(await names.displayNameOf(id(1))).toBeNull();
    idp.failNext(false);
    expect(await names.displayNameOf(id(1))).toBe('Anna');
    expect(idp.requests).toHaveLength(2);
  });

  it('keeps at most maxNames people, forgetting the least recently added first', async () => {
    const idp = identity({ [id(1)]: 'Anna', [id(2)]: 'Bram', [id(3)]: 'Cas' });
    const names = createNameLookup(idp.fetchPeople, { windowMs: 1, maxNames: 2 });
    await Promise.all([names.displayNameOf(id(1)), names.displayNameOf(id(2)), names.displayNameOf(id(3))]);
    await names.displayNameOf(id(3));
    await names.displayNameOf(id(2));
    expect(idp.requests).toHaveLength(1);
    await names.displayNameOf(id(1));
    expect(idp.requests).toEqual([[id(1), id(2), id(3)], [id(1)]]);
  });

  it('uses a remembered name without asking', async () => {
    const idp = identity({});
    const names = createNameLookup(idp.fetchPeople, { windowMs: 1 });
    names.remember(id(4), 'Dirk');
    expect(await names.displayNameOf(id(4).toUpperCase())).toBe('Dirk');
    expect(idp.requests).toEqual([]);
  });
});
