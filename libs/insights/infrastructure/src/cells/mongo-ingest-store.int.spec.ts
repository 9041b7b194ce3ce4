import { randomBytes } from 'node:crypto';
import { activityEffects, countEffect, type Effect, type EventEffects } from '@plein/insights/application';
import { onceFactId, type PersonDimensions } from '@plein/insights/domain';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose, { type Connection } from 'mongoose';
import { MongoIngestStore, type CellDocument, type CellsCollection } from './mongo-ingest-store';

/**
 * The exactly-once protocol of MongoIngestStore on the real FerretDB/MongoDB: an apply that dies
 * after any of its writes and is retried (a redelivery) leaves the same cells as one that never
 * died; a second person of the same fact counts once.
 */
describe('MongoIngestStore on the real server', () => {
  let connection: Connection;
  let collection: CellsCollection;
  const dims: PersonDimensions = { level: 'manager', orgUnit: 'sales/north', location: 'utrecht' };
  const at = new Date('2026-11-04T10:00:00.000Z');

  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_insights_store_${randomBytes(4).toString('hex')}` }).asPromise();
  });
  beforeEach(() => {
    collection = connection.db!.collection(`cells_${randomBytes(4).toString('hex')}`);
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const cells = async () =>
    new Map(((await collection.find({ _id: { $gte: 'c|', $lt: 'c}' } }).toArray()) as CellDocument[]).map((d) => [d._id, { m: d.m, p: d.p }]));
  const reaction = (person: string): EventEffects => {
    const eventId = uuidv7();
    const effects: Effect[] = [...activityEffects(person, dims, 'reacted', at), countEffect(onceFactId('event', eventId), dims, at, { reactions: 1 })];
    return { eventId, effects };
  };

  /** A store whose `method` of the collection fails once after its `after`-th call: a crash in the middle of apply. */
  function crashing(method: 'insertMany' | 'bulkWrite' | 'updateMany', after: number): MongoIngestStore {
    let calls = 0;
    const proxy = new Proxy(collection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== method || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (++calls === after) throw new Error(`crash after ${method} #${after}`);
          return result;
        };
      },
    });
    return new MongoIngestStore(proxy as CellsCollection);
  }

  it('counts a person once per period and an event once, also when the same events come again', async () => {
    const store = new MongoIngestStore(collection);
    const a = reaction('person-a');
    const b = reaction('person-a');
    await store.applyMany([a, b]);
    await store.applyMany([a, b]);
    await store.apply(b.eventId, b.effects);
    const week = (await cells()).get('c|week|orgUnit|2026-W45|sales')!;
    expect(week.m).toEqual({ active: 1, active_reacted: 1, active_leaders: 1, reactions: 2 });
    expect(week.p).toEqual([]);
  });

  it.each([
    ['after the facts are in', 'insertMany', 1],
    ['after the cells are incremented', 'bulkWrite', 1],
    ['after the applied marker, before the cells are released', 'insertMany', 2],
    ['after the cells are released', 'updateMany', 1],
  ] as const)('leaves the same cells when apply dies %s and the batch comes again', async (_when, method, after) => {
    const batch = [reaction('person-a'), reaction('person-b'), reaction('person-a')];
    const reference = connection.db!.collection(`ref_${randomBytes(4).toString('hex')}`) as CellsCollection;
    await new MongoIngestStore(reference).applyMany(batch);
    const expected = new Map(((await reference.find({ _id: { $gte: 'c|', $lt: 'c}' } }).toArray()) as CellDocument[]).map((d) => [d._id, { m: d.m, p: d.p }]));

    await expect(crashing(method, after).applyMany(batch)).rejects.toThrow(/crash after/);
    // The redelivery: the same events, also split differently, one of them alone.
    const store = new MongoIngestStore(collection);
    await store.applyMany(batch.slice(0, 2));
    await store.applyMany(batch);
    expect(await cells()).toEqual(expected);
    expect(expected.get('c|week|all|2026-W45|all')!.m).toEqual({ active: 2, active_reacted: 2, active_leaders: 2, reactions: 3 });
  });

  it('purges facts and markers of periods that ended before the horizon, never cells', async () => {
    const store = new MongoIngestStore(collection);
    await store.applyMany([reaction('person-a')]);
    const before = await cells();
    expect(await store.purge(new Date('2026-11-06T00:00:00.000Z'))).toBeGreaterThan(0); // the day's facts (ended 2026-11-05)
    expect(await collection.countDocuments({ _id: { $gte: 'f|', $lt: 'f}' }, end: { $lt: new Date('2026-11-06T00:00:00.000Z') } })).toBe(0);
    expect(await collection.countDocuments({ _id: { $gte: 'f|', $lt: 'f}' } })).toBeGreaterThan(0); // week and month facts stay
    await store.purge(new Date('2027-01-01T00:00:00.000Z'));
    expect(await collection.countDocuments({ _id: { $not: { $gte: 'c|', $lt: 'c}' } } })).toBe(0);
    expect(await cells()).toEqual(before);
  });
});
