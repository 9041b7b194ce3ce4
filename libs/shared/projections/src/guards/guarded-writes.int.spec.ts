import type mongoose from 'mongoose';
import { testDatabase } from '../../../messaging/src/testing/int-kit';
import { applyGuarded, type GuardedWrite } from './guarded-writes';

interface Counter {
  _id: string;
  n?: number;
  count?: number;
  by?: string;
}

/**
 * applyGuarded on the real MongoDB-wire server (FerretDB locally): per write exactly `applied`
 * or `refused`, also where the server stops a bulk at a refused upsert (first or middle of the
 * list) and reports it at the wrong index; a redelivered list changes nothing.
 */
describe('applyGuarded (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let counters: mongoose.mongo.Collection<Counter>;
  let suffix = 0;

  beforeAll(async () => {
    database = await testDatabase();
  });
  beforeEach(() => {
    counters = database.db.collection<Counter>(`guarded_${++suffix}`);
  });
  afterAll(() => database.drop());

  const bump = (id: string, version: number | null, by: string): GuardedWrite<Counter> => ({ id, version, update: { $inc: { count: 1 }, $set: { by } } });
  /** Documents by id: version, count and last writer. */
  const state = async () => new Map((await counters.find({}).toArray()).map((d) => [d._id, { n: d.n, count: d.count, by: d.by }]));
  /** Four documents at version 1 (count 1), one by one. */
  const seed = async () => {
    for (const id of ['a', 'b', 'c', 'd']) expect(await applyGuarded(counters, [bump(id, null, 'seed')])).toEqual(['applied']);
  };

  it('applies a list whose guards all hold, creating and updating', async () => {
    await seed();
    expect(await applyGuarded(counters, [bump('a', 1, 'w'), bump('e', null, 'w'), bump('b', 1, 'w')])).toEqual(['applied', 'applied', 'applied']);
    const after = await state();
    expect(after.get('a')).toEqual({ n: 2, count: 2, by: 'w' });
    expect(after.get('e')).toEqual({ n: 1, count: 1, by: 'w' });
    expect(after.get('c')).toEqual({ n: 1, count: 1, by: 'seed' });
  });

  it('answers applied or refused per write in a mixed list: stale versions, creates of existing documents, updates of missing ones', async () => {
    await seed();
    const outcomes = await applyGuarded(counters, [
      bump('new-1', null, 'w'), // created
      bump('a', 1, 'w'), // version holds
      bump('b', 0, 'w'), // stale version (update): refused
      bump('c', null, 'w'), // "absent" but it exists (upsert): refused
      bump('missing', 3, 'w'), // update of a document that is not there: refused, not created
      bump('d', 1, 'w'), // after the refused upsert
      bump('new-2', null, 'w'), // created after the refused upsert
    ]);
    expect(outcomes).toEqual(['applied', 'applied', 'refused', 'refused', 'refused', 'applied', 'applied']);
    const after = await state();
    expect(after.get('b')).toEqual({ n: 1, count: 1, by: 'seed' });
    expect(after.get('c')).toEqual({ n: 1, count: 1, by: 'seed' });
    expect(after.has('missing')).toBe(false);
    expect(after.get('d')).toEqual({ n: 2, count: 2, by: 'w' });
    expect(after.get('new-2')).toEqual({ n: 1, count: 1, by: 'w' });
  });

  it('runs every write after a refused upsert that comes first', async () => {
    await seed();
    expect(await applyGuarded(counters, [bump('a', null, 'w'), bump('b', 1, 'w'), bump('c', 1, 'w'), bump('x', null, 'w')])).toEqual(['refused', 'applied', 'applied', 'applied']);
    const after = await state();
    expect(after.get('a')).toEqual({ n: 1, count: 1, by: 'seed' });
    expect([after.get('b'), after.get('c'), after.get('x')]).toEqual([
      { n: 2, count: 2, by: 'w' },
      { n: 2, count: 2, by: 'w' },
      { n: 1, count: 1, by: 'w' },
    ]);
  });

  it('runs every write after a refused upsert in the middle, and tells several refused upserts apart', async () => {
    await seed();
    expect(await applyGuarded(counters, [bump('a', 1, 'w'), bump('b', null, 'w'), bump('c', 1, 'w'), bump('d', null, 'w'), bump('y', null, 'w')])).toEqual([
      'applied',
      'refused',
      'applied',
      'refused',
      'applied',
    ]);
    const after = await state();
    expect([after.get('a')?.count, after.get('b')?.count, after.get('c')?.count, after.get('d')?.count, after.get('y')?.count]).toEqual([2, 1, 2, 1, 1]);
  });

  it('changes nothing when the same list is delivered again', async () => {
    await seed();
    const list = [bump('a', 1, 'first'), bump('z', null, 'first'), bump('c', 1, 'first')];
    expect(await applyGuarded(counters, list)).toEqual(['applied', 'applied', 'applied']);
    const once = await state();
    expect(await applyGuarded(counters, list)).toEqual(['refused', 'refused', 'refused']);
    expect(await applyGuarded(counters, list)).toEqual(['refused', 'refused', 'refused']);
    expect(await state()).toEqual(once);
  });

  it('lets exactly one of several concurrent writers with the same versions win each document', async () => {
    await seed();
    const ids = ['a', 'b', 'c', 'd', 'n1', 'n2', 'n3', 'n4'];
    const writers = ['w1', 'w2', 'w3', 'w4'];
    const results = await Promise.all(writers.map((w) => applyGuarded(counters, ids.map((id) => bump(id, id.startsWith('n') ? null : 1, w)))));
    const after = await state();
    ids.forEach((id, i) => {
      const winners = writers.filter((_, w) => results[w]![i] === 'applied');
      expect(winners).toHaveLength(1);
      expect(after.get(id)?.by).toBe(winners[0]);
      expect(after.get(id)?.count).toBe(id.startsWith('n') ? 1 : 2);
    });
  });

  it('answers per write in the list\'s order when the list goes as several bulks at once (bulkSize)', async () => {
    await seed();
    const list = [bump('a', 1, 'w'), bump('b', null, 'w'), bump('p1', null, 'w'), bump('c', 0, 'w'), bump('d', 1, 'w'), bump('p2', null, 'w'), bump('a2', 5, 'w')];
    expect(await applyGuarded(counters, list, { bulkSize: 2 })).toEqual(['applied', 'refused', 'applied', 'refused', 'applied', 'applied', 'refused']);
    const after = await state();
    expect([after.get('a')?.count, after.get('b')?.count, after.get('c')?.count, after.get('d')?.count, after.get('p1')?.count, after.get('p2')?.count, after.has('a2')]).toEqual([2, 1, 1, 2, 1, 1, false]);
  });

  it('refuses a list naming a document twice', async () => {
    await expect(applyGuarded(counters, [bump('a', null, 'w'), bump('a', 1, 'w')])).rejects.toThrow(RangeError);
    await expect(applyGuarded(counters, [bump('a', null, 'w'), bump('x', null, 'w'), bump('a', 1, 'w')], { bulkSize: 1 })).rejects.toThrow(RangeError);
  });
});
