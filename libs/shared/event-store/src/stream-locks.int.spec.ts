import type { Connection } from 'mongoose';
import { FixedClock } from '@plein/shared/kernel';
import { StreamLocks, type LockDocument } from './stream-locks';
import { connectTestDb, dropTestDb, uniqueName } from './test-support/servers';

describe('StreamLocks (real MongoDB-compatible server)', () => {
  let connection: Connection;
  const clock = new FixedClock(new Date('2026-05-01T00:00:00.000Z')); // a slot boundary for lockMs 1000
  const locksFor = (owner: string) => new StreamLocks(connection.db!.collection<LockDocument>(uniqueName('locks')), clock, owner, 1_000);

  beforeAll(async () => {
    connection = await connectTestDb();
  });
  afterAll(() => dropTestDb(connection));

  it('gives a stream to exactly one of many concurrent holders, and again after release', async () => {
    const collection = connection.db!.collection<LockDocument>(uniqueName('locks'));
    const contenders = Array.from({ length: 10 }, (_, i) => new StreamLocks(collection, clock, `w${i}`, 1_000));
    const attempts = await Promise.all(contenders.map((locks) => locks.tryAcquire(['s-1', `own-${Math.random()}`])));
    const holders = attempts.filter((a) => a.held.includes('s-1'));
    expect(holders).toHaveLength(1);
    expect(attempts.every((a) => a.held.length >= 1)).toBe(true); // everyone got its private id
    await Promise.all(attempts.map((a) => a.release()));
    expect(await collection.countDocuments({})).toBe(0);
    const again = await contenders[3]!.tryAcquire(['s-1']);
    expect(again.held).toEqual(['s-1']);
    await again.release();
  });

  it('frees the stream of a crashed holder after two slots, with no steal step', async () => {
    const collection = connection.db!.collection<LockDocument>(uniqueName('locks'));
    const crashed = new StreamLocks(collection, clock, 'crashed', 1_000);
    const other = new StreamLocks(collection, clock, 'other', 1_000);
    clock.set(new Date('2026-05-01T00:00:10.200Z'));
    const held = await crashed.tryAcquire(['s-2']); // never released
    expect(held.held).toEqual(['s-2']);
    expect(held.stillHeld()).toBe(true);
    clock.advance(1_000); // next slot: the pair's second half is still held
    expect((await other.tryAcquire(['s-2'])).held).toEqual([]);
    expect(held.stillHeld()).toBe(true);
    clock.advance(600); // 250 ms before the window ends: too late to start a write
    expect(held.stillHeld()).toBe(false);
    clock.advance(400);
    const taken = await other.tryAcquire(['s-2']);
    expect(taken.held).toEqual(['s-2']);
    await taken.release();
    await other.sweep();
    expect(await collection.countDocuments({})).toBe(0); // the crashed holder's documents are swept
  });

  it('waits for a busy stream in acquireOne and gives up after the wait', async () => {
    const locks = locksFor('a');
    clock.set(new Date('2026-05-01T00:01:00.000Z'));
    const first = await locks.tryAcquire(['s-3']);
    setTimeout(() => void first.release(), 100);
    const second = await locks.acquireOne('s-3', 2_000);
    expect(second?.held).toEqual(['s-3']);
    expect(await locks.acquireOne('s-3', 150)).toBeNull();
    await second!.release();
  });
});
