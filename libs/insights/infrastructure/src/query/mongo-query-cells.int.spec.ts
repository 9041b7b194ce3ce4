import { randomBytes } from 'node:crypto';
import { countEffect, InMemoryInsightsCells } from '@plein/insights/application';
import { onceFactId, type Cell, type PersonDimensions } from '@plein/insights/domain';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose, { type Connection } from 'mongoose';
import { cellDocumentId, cellsOfDocument, MongoIngestStore, type CellDocument, type CellsCollection } from '../cells/mongo-ingest-store';
import { MongoQueryCells } from './mongo-query-cells';

/**
 * The query side's cell reads on FerretDB over cells written by the ingest store (one document per
 * period and dimension kind): the same cells, order and values as the in-memory reference holding
 * the cells the documents contain; values with `.`, `$` and `%` survive as field names.
 */
describe('MongoQueryCells (real server)', () => {
  let connection: Connection;
  let collection: CellsCollection;
  let reference: InMemoryInsightsCells;
  const people: PersonDimensions[] = [
    { level: 'employee', orgUnit: 'eng', location: 'st. gallen' },
    { level: 'manager', orgUnit: 'eng/platform', location: '$home' },
    { level: 'employee', orgUnit: 'eng/web', location: '100% remote' },
    { level: 'director', orgUnit: 'sales', location: 'utrecht' },
    { level: 'employee', orgUnit: 'support', location: 'utrecht' },
  ];
  const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-09'];

  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_insights_q_${randomBytes(4).toString('hex')}`, monitorCommands: true }).asPromise();
    collection = connection.db!.collection('cells_v1');
    let n = 0;
    const batch = days.flatMap((day) =>
      people.map((dims) => {
        const eventId = uuidv7();
        return { eventId, effects: [countEffect(onceFactId('event', eventId), dims, new Date(`${day}T10:00:00.000Z`), { posts: ++n })] };
      }),
    );
    await new MongoIngestStore(collection).applyMany(batch);
    const docs = (await collection.find({ _id: { $gte: 'c|', $lt: 'c}' } }).toArray()) as CellDocument[];
    const cells: Cell[] = docs.flatMap((d) => cellsOfDocument(d));
    reference = new InMemoryInsightsCells(cells);
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('reads the asked values of a period range, in period then value order, like the reference', async () => {
    const query = new MongoQueryCells(async () => collection);
    const ask = { granularity: 'day', from: '2026-11-02', to: '2026-11-03', dimension: 'orgUnit', values: ['sales', 'eng/web', 'eng/web'] } as const;
    const cells = await query.read(ask);
    expect(cells.map((c) => `${c.period}|${c.value}|${c.metrics['posts']}`)).toEqual(['2026-11-02|eng/web|8', '2026-11-02|sales|9', '2026-11-03|eng/web|13', '2026-11-03|sales|14']);
    expect(cells).toEqual(await reference.read(ask));
  });

  it('reads without values, one document per period, and sums each value exactly', async () => {
    const query = new MongoQueryCells(async () => collection);
    const all = { granularity: 'day', from: '2026-11-01', to: '2026-11-09', dimension: 'all' } as const;
    const cells = await query.read(all);
    expect(cells).toEqual(await reference.read(all));
    expect(cells.map((c) => c.metrics['posts'])).toEqual([15, 40, 65, 90, 115]);
    const weeks = { granularity: 'week', from: '2026-W44', to: '2026-W46', dimension: 'orgUnit' } as const;
    const byUnit = await query.read(weeks);
    expect(byUnit).toEqual(await reference.read(weeks));
    // eng counts itself and its two children: week 44 is 2026-11-01 only, week 45 the next three days.
    expect(byUnit.filter((c) => c.value === 'eng').map((c) => `${c.period}:${c.metrics['posts']}`)).toEqual(['2026-W44:6', '2026-W45:108', '2026-W46:66']);
  });

  it('keeps the top-level org units in one document per period and each top-level unit\'s descendants in another, so a breakdown reads only the levels it shows', async () => {
    const ids = (await collection.find({ _id: { $gte: 'c|week|orgUnit', $lt: 'c|week|orgUnit\uffff' } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id as string);
    expect(ids.sort()).toEqual(['c|week|orgUnit', 'c|week|orgUnit~eng|2026-W44', 'c|week|orgUnit~eng|2026-W45', 'c|week|orgUnit~eng|2026-W46', 'c|week|orgUnit~|2026-W44', 'c|week|orgUnit~|2026-W45', 'c|week|orgUnit~|2026-W46']);
    const top = (await collection.findOne({ _id: 'c|week|orgUnit~|2026-W45' })) as CellDocument;
    expect(cellsOfDocument(top).map((c) => c.value)).toEqual(['eng', 'sales', 'support']);
    const commands: string[] = [];
    const client = connection.getClient();
    const seen = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'find') commands.push(JSON.stringify(e.command['filter']));
    };
    client.on('commandStarted', seen);
    try {
      await new MongoQueryCells(async () => collection).read({ granularity: 'week', from: '2026-W44', to: '2026-W46', dimension: 'orgUnit', values: ['eng', 'sales', 'support'] });
    } finally {
      client.off('commandStarted', seen);
    }
    expect(commands).toHaveLength(1);
    expect(commands[0]).toContain('orgUnit~|2026-W44');
    // Deeper units go with their top-level unit; a `|` in a unit cannot reach another shard's range.
    expect(cellDocumentId('week', 'orgUnit', '2026-W45', 'eng/platform/search')).toBe('c|week|orgUnit~eng|2026-W45');
    expect(cellDocumentId('day', 'orgUnit', '2026-11-01', 'a|b/c')).toBe('c|day|orgUnit~a%7Cb|2026-11-01');
    expect(cellDocumentId('day', 'location', '2026-11-01', 'utrecht')).toBe('c|day|location|2026-11-01');
  });

  it('keeps values with ".", "$" and "%" and lists the values of a dimension', async () => {
    const query = new MongoQueryCells(async () => collection);
    expect(await query.values('month', 'location')).toEqual(['$home', '100% remote', 'st. gallen', 'utrecht']);
    expect(await query.values('day', 'orgUnit')).toEqual(['eng', 'eng/platform', 'eng/web', 'sales', 'support']);
    const ask = { granularity: 'month', from: '2026-11', to: '2026-11', dimension: 'location', values: ['st. gallen', '$home'] } as const;
    expect((await query.read(ask)).map((c) => `${c.value}:${c.metrics['posts']}`)).toEqual(['$home:60', 'st. gallen:55']);
    expect(await query.values('day', 'level')).toEqual(await reference.values('day', 'level'));
  });
});
