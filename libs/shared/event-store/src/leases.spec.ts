import { mongo } from 'mongoose';
import { FixedClock } from '@plein/shared/kernel';
import { Leases, type LeaseDocument } from './leases';

/**
 * A lease collection someone else always holds: the conditional take matches nothing and the
 * insert is a duplicate key. Each take attempt moves the fake clock by `stepMs`, as if it took that long.
 */
function heldElsewhere(clock: FixedClock, stepMs: number) {
  let attempts = 0;
  const collection = {
    updateOne: async (filter: { token?: string }) => {
      if (filter.token === undefined) {
        attempts++;
        clock.advance(stepMs);
      }
      return { matchedCount: 0 };
    },
    insertOne: async () => {
      throw new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    },
  } as unknown as mongo.Collection<LeaseDocument>;
  return { collection, attempts: () => attempts };
}

describe('Leases.acquire waits on the injected clock', () => {
  it('gives up once the clock passes the wait, however little real time went by', async () => {
    const clock = new FixedClock();
    const { collection, attempts } = heldElsewhere(clock, 400);
    const leases = new Leases(collection, clock, 'me');
    // Attempts at clock 0, 400 and 800 ms (each moves it 400 ms); at 1200 ms the 1 s wait is over.
    await expect(leases.acquire('stream-1', 5_000, 1_000)).resolves.toBeNull();
    expect(attempts()).toBe(3);
  });

  it('tries once when there is no time to wait', async () => {
    const clock = new FixedClock();
    const { collection, attempts } = heldElsewhere(clock, 1);
    await expect(new Leases(collection, clock, 'me').acquire('stream-1', 5_000, 0)).resolves.toBeNull();
    expect(attempts()).toBe(1);
  });

  it('returns the lease as soon as the take succeeds', async () => {
    const clock = new FixedClock();
    const collection = { updateOne: async () => ({ matchedCount: 1 }), insertOne: async () => undefined } as unknown as mongo.Collection<LeaseDocument>;
    const lease = await new Leases(collection, clock, 'me').acquire('stream-1', 5_000, 1_000);
    expect(lease?.stillHeld()).toBe(true);
    clock.advance(4_500);
    expect(lease?.stillHeld()).toBe(false);
  });
});
