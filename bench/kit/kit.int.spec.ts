import type { Connection } from 'mongoose';
import { benchConnection, mongoVersion, profile, RoundTrips, runId } from './index';

// Against the local MongoDB-wire server: the round-trip counters read the driver's command monitoring.
describe('MongoDB round-trip counting', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await benchConnection(`plein_bench_kit_${runId()}`);
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('profile counts the commands `fn` sends by command and collection, and answers its result', async () => {
    const things = connection.db!.collection('things');
    const { result, trips } = await profile(connection, async () => {
      await things.insertOne({ _id: 'a' as never, n: 1 });
      await things.insertOne({ _id: 'b' as never, n: 2 });
      return things.findOne({ _id: 'a' as never });
    });
    expect(result).toMatchObject({ n: 1 });
    expect(trips).toMatch(/insert things ×2 [0-9,]+ ms/);
    expect(trips).toMatch(/find things ×1 [0-9,]+ ms/);
    // After the profile, nothing is counted any more: a second profile sees only its own commands.
    const second = await profile(connection, () => things.countDocuments({}));
    expect(second.result).toBe(2);
    expect(second.trips).not.toContain('insert');
  });

  it('RoundTrips counts per component until detached, with renamed collections', async () => {
    const run = runId();
    const trips = new RoundTrips(connection, { component: 'writer', rename: (name) => name.replace(run, '<run>') });
    const rows = connection.db!.collection(`rows_${run}`);
    await rows.insertMany([{ n: 1 }, { n: 2 }]);
    await rows.updateOne({ n: 1 }, { $set: { n: 3 } });
    await rows.updateOne({ n: 2 }, { $set: { n: 4 } });
    trips.detach();
    await rows.updateOne({ n: 3 }, { $set: { n: 5 } });
    const report = trips.report(2);
    expect(report).toHaveLength(2);
    expect(report[0]).toMatch(/^ {2}writer +update rows_<run> +2 calls +1\.00\/event/);
    expect(report[1]).toMatch(/^ {2}writer +insert rows_<run> +1 calls +0\.50\/event/);
    expect(trips.total()).toBe(3);
    trips.reset();
    expect(trips.total()).toBe(0);
  });

  it('mongoVersion names the server and its wire version', async () => {
    expect(await mongoVersion(connection)).toMatch(/^(?:FerretDB \S+ \(MongoDB wire \S+\)|MongoDB \S+)$/);
  });
});
