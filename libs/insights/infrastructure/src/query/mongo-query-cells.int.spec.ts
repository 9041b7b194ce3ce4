import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import type { CellsCollection } from '../cells/mongo-ingest-store';
import { MongoInsightsCells } from '../cells/mongo-insights-cells';
import { MongoQueryCells, QUERY_CELLS_INDEX } from './mongo-query-cells';

/** The query side's cell reads on FerretDB: the same cells as the id-range reads, through the per-value index. */
describe('MongoQueryCells (real server)', () => {
  let connection: Connection;
  let collection: CellsCollection;
  const units = ['eng', 'eng/platform', 'eng/web', 'sales', 'support'];
  const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];

  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_insights_q_${randomBytes(4).toString('hex')}` }).asPromise();
    collection = connection.db!.collection('cells_v1');
    let n = 0;
    const docs = [];
    for (const period of days) {
      for (const value of units) docs.push({ _id: `c|day|orgUnit|${period}|${value}`, g: 'day', d: 'orgUnit', period, value, m: { active: ++n }, p: [] });
      docs.push({ _id: `c|day|all|${period}|all`, g: 'day', d: 'all', period, value: 'all', m: { active: 100 + n }, p: [] });
      docs.push({ _id: `c|week|orgUnit|${period}|eng`, g: 'week', d: 'orgUnit', period, value: 'eng', m: { active: 1 }, p: [] });
    }
    docs.push({ _id: 'f|some-fact', end: new Date() });
    await collection.insertMany(docs);
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('reads the asked values of a period range, in period then value order, like the id-range read', async () => {
    const query = new MongoQueryCells(async () => collection);
    const reference = new MongoInsightsCells(async () => collection);
    const ask = { granularity: 'day', from: '2026-11-02', to: '2026-11-03', dimension: 'orgUnit', values: ['sales', 'eng/web', 'eng/web'] } as const;
    const cells = await query.read(ask);
    expect(cells.map((c) => `${c.period}|${c.value}|${c.metrics['active']}`)).toEqual(['2026-11-02|eng/web|8', '2026-11-02|sales|9', '2026-11-03|eng/web|13', '2026-11-03|sales|14']);
    expect(cells).toEqual(await reference.read(ask));
    expect((await collection.indexes()).map((i) => i.name)).toContain(QUERY_CELLS_INDEX.name);
  });

  it('reads without values and lists values as the id-range reads do', async () => {
    const query = new MongoQueryCells(async () => collection);
    const reference = new MongoInsightsCells(async () => collection);
    const all = { granularity: 'day', from: '2026-11-01', to: '2026-11-04', dimension: 'all' } as const;
    expect(await query.read(all)).toEqual(await reference.read(all));
    expect(await query.values('day', 'orgUnit')).toEqual(units);
  });
});
