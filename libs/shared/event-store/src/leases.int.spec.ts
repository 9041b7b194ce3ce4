import type { Connection } from 'mongoose';
import { FixedClock, systemClock } from '@plein/shared/kernel';
import { Leases, type LeaseDocument } from './leases';
import { connectTestDb, dropTestDb, uniqueName } from './test-support/servers';

describe('Leases (real MongoDB-compatible server, 20 concurrent contenders)', () => {
  let connection: Connection;
  const clock = new FixedClock(new Date('2026-05-01T00:00:00.000Z'));
  const collection = () => connection.db!.collection<LeaseDocument>(uniqueName('leases'));

  beforeAll(async () => {
    connection = await connectTestDb();
  });
  afterAll(() => dropTestDb(connection));

  it('gives a new name to exactly one of 20 concurrent contenders, and again after release', async () => {
    const c = collection();
    const contenders = Array.from({ length: 20 }, (_, i) => new Leases(c, clock, `w${i}`));
    const first = await Promise.all(contenders.map((leases) => leases.tryAcquire('org', 5_000)));
    expect(first.filter((held) => held !== null)).toHaveLength(1);
    // Held: nobody else gets it, and a stranger's release (other token) does not free it.
    expect(await contenders[1]!.tryAcquire('org', 5_000)).toBeNull();
    await first.find((held) => held !== null)!.release();

    // Free again (the document exists now): the conditional update decides, once.
    const second = await Promise.all(contenders.map((leases) => leases.tryAcquire('org', 5_000)));
    const winners = second.filter((held) => held !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.stillHeld()).toBe(true);
    await winners[0]!.release();
    expect(await c.countDocuments({})).toBe(1);
  });

  it('frees the name of a holder that died once its lease is over, and only the holder can release it', async () => {
    const c = collection();
    const local = new FixedClock(new Date('2026-05-01T00:00:00.000Z'));
    const crashed = await new Leases(c, local, 'crashed').tryAcquire('org', 2_000);
    expect(crashed).not.toBeNull();
    const other = new Leases(c, local, 'other');
    expect(await other.tryAcquire('org', 2_000)).toBeNull();
    local.advance(1_600);
    expect(crashed!.stillHeld()).toBe(false); // within its safety margin: no write may start
    local.advance(500);
    const taken = await other.tryAcquire('org', 2_000);
    expect(taken).not.toBeNull();
    await crashed!.release(); // the old holder's late release does not free the new holder's lease
    expect(await new Leases(c, local, 'third').tryAcquire('org', 2_000)).toBeNull();
    await taken!.release();
    expect(await new Leases(c, local, 'third').tryAcquire('org', 2_000)).not.toBeNull();
  });

  it('waits for a busy name up to the bound', async () => {
    const c = collection();
    // The wait is timed on the leases' clock: here the system clock, as in the event store.
    const holder = await new Leases(c, systemClock, 'a').acquire('org', 5_000, 100);
    const waiting = new Leases(c, systemClock, 'b').acquire('org', 5_000, 2_000);
    setTimeout(() => void holder!.release(), 150);
    expect(await waiting).not.toBeNull();
    expect(await new Leases(c, systemClock, 'c').acquire('org', 5_000, 150)).toBeNull();
  });
});
