import type { Connection } from 'mongoose';
import type { CommandMetadata, EventEnvelope } from '@plein/shared/kernel';
import { ConcurrencyConflictError, fixtures, handleCommand } from '@plein/shared/event-sourcing';
import { erasureKey, StreamErasedError } from './erasure';
import { MongoEventStore } from './mongo-event-store';
import { connectTestDb, dropTestDb, uniqueName } from './test-support/servers';

const { counter } = fixtures;
const meta = (causationId: string): CommandMetadata => ({ correlationId: 'corr', causationId, actorId: 'person-1' });
const incremented = (by = 1) => [{ type: 'test.counter.incremented', version: 1, data: { by } }];

/** Erasure of a stream against the real MongoDB-compatible server (docs/adr/0025). */
describe('MongoEventStore.erase (real MongoDB-compatible server)', () => {
  let connection: Connection;
  let store: MongoEventStore;

  beforeAll(async () => {
    connection = await connectTestDb();
    store = new MongoEventStore({ connection, service: uniqueName('t'), tombstones: true });
    await store.init();
  });
  afterAll(() => dropTestDb(connection));

  it('deletes the events, outbox state and idempotency records, and leaves a tombstone without the id', async () => {
    await store.append('counter-secret1', 0, incremented(2), meta('idem:person-1:k1'));
    await store.append('counter-secret1', 1, incremented(3), meta('idem:person-1:k2'));
    await store.append('counter-kept', 0, incremented(), meta('k'));

    expect(await store.erase('counter-secret1')).toBe(true);
    expect(await store.readStream('counter-secret1')).toBeNull();
    expect(await store.collection.countDocuments({ _id: 'counter-secret1' })).toBe(0);
    expect(await store.isErased('counter-secret1')).toBe(true);
    expect(await store.isErased('counter-kept')).toBe(false);
    const tombstones = await store.erasedCollection.find({}).toArray();
    expect(tombstones).toEqual([{ _id: erasureKey('counter-secret1'), erasedAt: expect.any(Date) }]);
    expect(JSON.stringify(tombstones)).not.toContain('secret1');

    const replayed: EventEnvelope[] = [];
    for await (const event of store.readAll()) replayed.push(event);
    expect(replayed.map((e) => e.aggregateId)).toEqual(['kept']);
    // Again: nothing left to delete, one tombstone still.
    expect(await store.erase('counter-secret1')).toBe(false);
    expect(await store.erasedCollection.countDocuments({})).toBe(1);
  });

  it('refuses a late command and a retried one: the stream is not recreated', async () => {
    await handleCommand({ store, streamId: 'counter-late', ...counter, command: { by: 1 }, metadata: meta('first') });
    await store.erase('counter-late');
    // A command decided on the state before the erasure, and a retry of the first (same causation id).
    await expect(store.append('counter-late', 1, incremented(), meta('stale'))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await expect(handleCommand({ store, streamId: 'counter-late', ...counter, command: { by: 1 }, metadata: meta('first') })).rejects.toBeInstanceOf(StreamErasedError);
    await expect(store.append('counter-late', 0, incremented(), meta('new'))).rejects.toMatchObject({ code: 'EVENTSTORE.STREAM_ERASED', kind: 'not-found' });
    expect(await store.collection.countDocuments({ _id: 'counter-late' })).toBe(0);
  });

  it('never leaves a stream behind when its creation races the erasure', async () => {
    for (let i = 0; i < 10; i++) {
      const streamId = `counter-race${i}`;
      const outcomes = await Promise.allSettled([store.append(streamId, 0, incremented(), meta(`r${i}`)), store.erase(streamId)]);
      expect(outcomes[1].status).toBe('fulfilled');
      if (outcomes[0].status === 'rejected') expect(outcomes[0].reason).toBeInstanceOf(StreamErasedError);
      expect(await store.collection.countDocuments({ _id: streamId })).toBe(0);
    }
  });

  it('erases concurrently and twice without an error (the tombstone is written once)', async () => {
    await store.append('counter-twice', 0, incremented(), meta('t'));
    const results = await Promise.all([store.erase('counter-twice'), store.erase('counter-twice'), store.erase('counter-twice')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.erasedCollection.countDocuments({ _id: erasureKey('counter-twice') })).toBe(1);
  });
});
