import type { Collection, Connection } from 'mongoose';
import { connectTestDb, dropTestDb, uniqueName } from './test-support/servers';

/**
 * What the event store, the relay and the projections need from the MongoDB-wire server, checked
 * under real concurrency: a conditional single-document write is atomic, and filters on indexed
 * top-level fields are answered by an index. MongoDB guarantees both; the local FerretDB does
 * through the project's patches (tools/infra/ferretdb, ADR 0007).
 */
const CONCURRENCY = 20;

describe('MongoDB-wire server: atomic conditional writes (20 concurrent writers)', () => {
  let connection: Connection;
  const collection = (): Collection => connection.collection(uniqueName('race'));

  beforeAll(async () => {
    connection = await connectTestDb();
  });
  afterAll(() => dropTestDb(connection));

  it('lets exactly one of 20 concurrent updateOne({_id, v: 0}) match', async () => {
    const c = collection();
    await c.insertOne({ _id: 'doc' as never, v: 0, winner: null });
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => c.updateOne({ _id: 'doc' as never, v: 0 }, { $set: { v: 1, winner: i } })),
    );
    expect(results.map((r) => r.matchedCount).reduce((a, b) => a + b, 0)).toBe(1);
    expect(results.map((r) => r.modifiedCount).reduce((a, b) => a + b, 0)).toBe(1);
    const winner = results.findIndex((r) => r.matchedCount === 1);
    expect(await c.findOne({ _id: 'doc' as never })).toMatchObject({ v: 1, winner });
  });

  it('lets exactly one of 20 concurrent updateOne({name, v: 0}) match (a filter without _id)', async () => {
    const c = collection();
    await c.insertMany([
      { _id: 'doc' as never, name: 'x', v: 0 },
      { _id: 'other' as never, name: 'y', v: 0 },
    ]);
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => c.updateOne({ name: 'x', v: 0 }, { $set: { v: 1, winner: i } })));
    expect(results.map((r) => r.matchedCount).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await c.findOne({ _id: 'other' as never })).toMatchObject({ v: 0 });
  });

  it('applies 20 concurrent updateMany({_id: {$in}}) to every named document', async () => {
    const c = collection();
    await c.insertMany(['a', 'b', 'c'].map((id) => ({ _id: id as never, n: 0 })));
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => c.updateMany({ _id: { $in: ['a', 'b', 'c', 'absent'] as never[] } }, { $inc: { n: 1 } })),
    );
    expect(results.every((r) => r.matchedCount === 3)).toBe(true);
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual(['a', 'b', 'c'].map((id) => ({ _id: id, n: CONCURRENCY })));
  });

  it('refuses an update that would duplicate a unique key with E11000, as MongoDB does', async () => {
    const c = collection();
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([
      { _id: 'a' as never, email: 'a@x' },
      { _id: 'b' as never, email: 'b@x' },
    ]);
    await expect(c.updateOne({ _id: 'b' as never }, { $set: { email: 'a@x' } })).rejects.toMatchObject({ code: 11000 });
    expect(await c.findOne({ _id: 'b' as never })).toMatchObject({ email: 'b@x' });
  });

  it('keeps all 20 elements of 20 concurrent $push to one document', async () => {
    const c = collection();
    await c.insertOne({ _id: 'doc' as never, items: [] });
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => c.updateOne({ _id: 'doc' as never }, { $push: { items: i } } as never)));
    const doc = await c.findOne({ _id: 'doc' as never });
    expect([...(doc!['items'] as number[])].sort((a, b) => a - b)).toEqual(Array.from({ length: CONCURRENCY }, (_, i) => i));
  });

  it('keeps all 20 increments of 20 concurrent $inc, also in one bulkWrite each', async () => {
    const c = collection();
    await c.insertOne({ _id: 'doc' as never, n: 0, m: 0 });
    await Promise.all(
      Array.from({ length: CONCURRENCY }, () =>
        c.bulkWrite([
          { updateOne: { filter: { _id: 'doc' as never }, update: { $inc: { n: 1 } } } },
          { updateOne: { filter: { _id: 'doc' as never }, update: { $inc: { m: 2 } } } },
        ]),
      ),
    );
    expect(await c.findOne({ _id: 'doc' as never })).toMatchObject({ n: CONCURRENCY, m: 2 * CONCURRENCY });
  });

  it('hands 20 concurrent findOneAndUpdate claims 20 distinct documents', async () => {
    const c = collection();
    await c.insertMany(Array.from({ length: CONCURRENCY }, (_, i) => ({ _id: `job-${i}` as never, status: 'new', n: i })));
    const claimed = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, worker) =>
        c.findOneAndUpdate({ status: 'new' }, { $set: { status: 'taken', worker } }, { sort: { n: 1 }, returnDocument: 'after' }),
      ),
    );
    const ids = claimed.map((d) => String(d?._id));
    expect(new Set(ids).size).toBe(CONCURRENCY);
    expect(claimed.every((d) => d?.['status'] === 'taken')).toBe(true);
    expect(await c.countDocuments({ status: 'new' })).toBe(0);
    // each document records the worker that got it back
    for (const doc of claimed) expect(await c.findOne({ _id: doc!._id })).toMatchObject({ worker: doc!['worker'] });
  });

  it('hands 20 concurrent findOneAndDelete calls 20 distinct documents', async () => {
    const c = collection();
    await c.insertMany(Array.from({ length: CONCURRENCY }, (_, i) => ({ _id: `job-${i}` as never, queue: 'q', n: i })));
    const taken = await Promise.all(Array.from({ length: CONCURRENCY }, () => c.findOneAndDelete({ queue: 'q' }, { sort: { n: 1 } })));
    expect(new Set(taken.map((d) => String(d?._id))).size).toBe(CONCURRENCY);
    expect(await c.countDocuments({})).toBe(0);
  });

  it('deletes a document once among 20 concurrent deleteOne, and honours the filter at delete time', async () => {
    const c = collection();
    await c.insertMany([
      { _id: 'a' as never, state: 'open' },
      { _id: 'b' as never, state: 'open' },
    ]);
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => c.deleteOne({ _id: 'a' as never, state: 'open' })));
    expect(results.map((r) => r.deletedCount).reduce((a, b) => a + b, 0)).toBe(1);

    // a document that stops matching between the writers' reads is not deleted
    const racing = await Promise.all([
      c.updateOne({ _id: 'b' as never, state: 'open' }, { $set: { state: 'closed' } }),
      ...Array.from({ length: CONCURRENCY - 1 }, () => c.deleteMany({ state: 'open' })),
    ]);
    const deleted = racing.slice(1).reduce((sum, r) => sum + ('deletedCount' in r ? r.deletedCount : 0), 0);
    const updated = (racing[0] as { matchedCount: number }).matchedCount;
    expect(deleted + updated).toBe(1); // b was either closed (and kept) or deleted while open
    expect(await c.countDocuments({ state: 'closed' })).toBe(updated);
  });

  it('accepts exactly one of 20 concurrent inserts on a unique compound index', async () => {
    const c = collection();
    await c.createIndex({ stream: 1, version: 1 }, { unique: true });
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENCY }, (_, i) => c.insertOne({ _id: `e-${i}` as never, stream: 's-1', version: 7 })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as { code?: number }).code).toBe(11000);
    expect(await c.countDocuments({ stream: 's-1' })).toBe(1);
  });

  it('upserts one document among 20 concurrent upserts of one _id, and applies all of them', async () => {
    const c = collection();
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => c.updateOne({ _id: 'counter' as never }, { $inc: { n: 1 } }, { upsert: true })),
    );
    expect(results.filter((r) => r.upsertedCount === 1)).toHaveLength(1);
    expect(await c.findOne({ _id: 'counter' as never })).toMatchObject({ n: CONCURRENCY });
  });
});

describe('MongoDB-wire server: filters on indexed top-level fields use the index', () => {
  let connection: Connection;
  let c: Collection;
  let ferretdb = false;

  beforeAll(async () => {
    connection = await connectTestDb();
    c = connection.collection(uniqueName('explain'));
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    ferretdb = typeof info['ferretdbVersion'] === 'string';
    await c.createIndex({ ownerId: 1 });
    await c.createIndex({ at: 1 });
    await c.createIndex({ ownerId: 1, postId: -1 });
    const docs = Array.from({ length: 5_000 }, (_, i) => ({
      ownerId: `owner-${i % 500}`,
      postId: `post-${String(i).padStart(6, '0')}`,
      at: i,
      tags: i % 7 === 0 ? ['x', 'y'] : undefined,
    }));
    for (let i = 0; i < docs.length; i += 1_000) await c.insertMany(docs.slice(i, i + 1_000));
    // FerretDB: VACUUM ANALYZE, so that PostgreSQL plans with statistics; MongoDB: a no-op here
    if (ferretdb) await connection.db!.command({ compact: c.collectionName });
  });
  afterAll(() => dropTestDb(connection));

  /** The plan as text: PostgreSQL's plan inside FerretDB's explain, or MongoDB's winning plan. */
  async function plan(filter: Record<string, unknown>): Promise<string> {
    const explained = await connection.db!.command({ explain: { find: c.collectionName, filter }, verbosity: 'queryPlanner' });
    return JSON.stringify(explained['queryPlanner']);
  }

  const usesIndex = (text: string): boolean => (ferretdb ? /Index (?:Only )?Scan/.test(text) && !text.includes('Seq Scan') : text.includes('IXSCAN'));

  it.each([
    ['equality', { ownerId: 'owner-7' }],
    ['$eq', { ownerId: { $eq: 'owner-7' } }],
    ['$in', { ownerId: { $in: ['owner-7', 'owner-8', 'owner-9'] } }],
    ['a number range', { at: { $gte: 100, $lt: 120 } }],
    ['a string range on the second field of a compound index', { ownerId: 'owner-7', postId: { $lt: 'post-000100' } }],
    ['_id', { _id: 'absent' }],
  ])('%s', async (_name, filter) => {
    const text = await plan(filter);
    expect({ filter, usesIndex: usesIndex(text) }).toEqual({ filter, usesIndex: true });
  });

  it('still finds every match, arrays and mixed types included', async () => {
    await c.insertMany([
      { _id: 'arr' as never, ownerId: ['owner-7', 'other'], at: [3, 'x'] },
      { _id: 'num' as never, ownerId: 7, at: '105' },
    ]);
    expect(await c.countDocuments({ ownerId: 'owner-7' })).toBe(11); // 10 + the array
    expect(await c.countDocuments({ ownerId: { $in: ['owner-7', 7] } })).toBe(12);
    expect(await c.countDocuments({ at: { $gte: 100, $lt: 120 } })).toBe(20); // '105' is a string: not in a number range
    expect(await c.countDocuments({ at: { $lt: 4 } })).toBe(5); // 0..3 and the array holding 3
  });
});

describe('MongoDB-wire server: sorted and limited finds', () => {
  let connection: Connection;
  let c: Collection;

  beforeAll(async () => {
    connection = await connectTestDb();
    c = connection.collection(uniqueName('sorted'));
    await c.createIndex({ kind: 1, s: 1 });
    const values: unknown[] = [
      1, 2.5, -7.25, 2 ** 60, 2 ** 60 + 2 ** 9, 'a', 'b', 'B', 'é', '', 'aa', false, true,
      new Date(1_700_000_000_000), new Date(-5), [3, 'x'], [], { a: 1 }, null,
    ];
    await c.insertMany([
      ...values.map((s, i) => ({ _id: `v${i}` as never, kind: i % 3 === 0 ? 'x' : 'y', s })),
      { _id: 'missing' as never, kind: 'x' },
    ]);
  });
  afterAll(() => dropTestDb(connection));

  /** The sort values of a result, null and missing alike (they tie). */
  const keys = (docs: Record<string, unknown>[]): string[] => docs.map((d) => JSON.stringify(d['s'] ?? null));

  it.each([
    ['every document', {}],
    ['an indexed equality', { kind: 'y' }],
    ['a filter the server evaluates in memory', { kind: { $ne: 'y' } }],
  ])('a page of a sort on mixed types is the slice of the whole sorted result (%s)', async (_name, filter) => {
    for (const direction of [1, -1] as const) {
      const whole = keys(await c.find(filter).sort({ s: direction }).toArray());
      for (const [skip, limit] of [[0, 1], [0, 3], [2, 4], [5, 7], [0, 50]] as const) {
        const page = keys(await c.find(filter).sort({ s: direction }).skip(skip).limit(limit).toArray());
        expect({ direction, skip, limit, page }).toEqual({ direction, skip, limit, page: whole.slice(skip, skip + limit) });
      }
    }
  });
});
