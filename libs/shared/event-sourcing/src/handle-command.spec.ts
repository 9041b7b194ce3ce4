import { FixedClock, type CommandMetadata } from '@plein/shared/kernel';
import { counter, CounterLimitError, type Increment } from './counter.fixture';
import { ConcurrencyConflictError, StreamTooLargeError } from './errors';
import { handleCommand } from './handle-command';
import { InMemoryEventStore } from './in-memory-event-store';

const meta = (causationId: string): CommandMetadata => ({ correlationId: 'corr-1', causationId, actorId: 'user-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
const run = (store: InMemoryEventStore, command: Increment, causationId: string, maxRetries?: number) =>
  handleCommand({ store, streamId: 'counter-a', ...counter, command, metadata: meta(causationId), maxRetries });

describe('handleCommand', () => {
  it('folds the stream, decides and appends stamped events', async () => {
    const store = new InMemoryEventStore({ clock: new FixedClock(), source: 'plein/test' });
    await run(store, { by: 2 }, 'k1');
    const result = await run(store, { by: 3 }, 'k2');
    expect(result).toMatchObject({ version: 2, state: { value: 5 }, replayed: false });
    expect(result.events).toEqual([
      expect.objectContaining({
        type: 'test.counter.incremented', version: 1, sequence: 2, source: 'plein/test', aggregateType: 'counter', aggregateId: 'a',
        causationId: 'k2', correlationId: 'corr-1', actorId: 'user-1', occurredAt: '2026-01-01T00:00:00.000Z',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', data: { by: 3 },
      }),
    ]);
  });

  it('returns the first result for a repeated idempotency key without appending', async () => {
    const store = new InMemoryEventStore();
    const first = await run(store, { by: 2 }, 'same');
    await run(store, { by: 10 }, 'other');
    const again = await run(store, { by: 2 }, 'same');
    expect(again).toEqual({ ...first, replayed: true });
    expect((await store.readStream('counter-a'))!.version).toBe(2);
  });

  it('re-reads and re-decides after losing a race', async () => {
    const store = new InMemoryEventStore();
    let raced = false;
    store.beforeAppend = async (streamId, expected) => {
      if (raced) return;
      raced = true;
      store.beforeAppend = undefined;
      await store.append(streamId, expected, [{ type: 'test.counter.incremented', version: 1, data: { by: 100 } }], meta('rival'));
    };
    const result = await run(store, { by: 1 }, 'mine');
    expect(result).toMatchObject({ version: 2, state: { value: 101 } });
  });

  it('re-decides against the new state, so a domain rule can reject the retry', async () => {
    const store = new InMemoryEventStore();
    store.beforeAppend = async (streamId, expected) => {
      store.beforeAppend = undefined;
      await store.append(streamId, expected, [{ type: 'test.counter.incremented', version: 1, data: { by: 5 } }], meta('rival'));
    };
    await expect(run(store, { by: 1, limit: 5 }, 'mine')).rejects.toBeInstanceOf(CounterLimitError);
  });

  it('gives up with the typed conflict after maxRetries', async () => {
    const store = new InMemoryEventStore();
    let n = 0;
    store.beforeAppend = async (streamId, expected) => {
      store.beforeAppend = undefined;
      await store.append(streamId, expected, [{ type: 'test.counter.incremented', version: 1, data: { by: 1 } }], meta(`rival-${n++}`));
      store.beforeAppend = hook;
    };
    const hook = store.beforeAppend;
    const error = await run(store, { by: 1 }, 'mine', 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error).toMatchObject({ code: 'EVENTSTORE.CONCURRENCY_CONFLICT', kind: 'conflict', expectedVersion: 2, actualVersion: 3 });
    expect(n).toBe(3); // the first attempt and both retries each lost a race
  });

  it('rejects appends past the stream-size guard', async () => {
    const store = new InMemoryEventStore({ limits: { maxEvents: 2 } });
    await run(store, { by: 1 }, 'k1');
    await run(store, { by: 1 }, 'k2');
    await expect(run(store, { by: 1 }, 'k3')).rejects.toMatchObject({ code: 'EVENTSTORE.STREAM_TOO_LARGE' });
    const bytes = new InMemoryEventStore({ limits: { maxBytes: 200 } });
    await expect(run(bytes, { by: 1 }, 'k1')).rejects.toBeInstanceOf(StreamTooLargeError);
  });

  it('lets the validate hook reject an event before anything is stored', async () => {
    const store = new InMemoryEventStore({
      validate: (envelope) => {
        if ((envelope.data as { by: number }).by < 0) throw new Error('by must be >= 0');
      },
    });
    await expect(run(store, { by: -1 }, 'k1')).rejects.toThrow('by must be >= 0');
    expect(await store.readStream('counter-a')).toBeNull();
  });
});
