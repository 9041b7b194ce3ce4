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

  it('redacts a person out of another stream: actor, causation and named data paths, atomically, idempotently', async () => {
    const person = '0193a1f2-7c4e-7d2a-9b1e-5f6a7b8c9d0e';
    const other = '0193a1f2-7c4e-7d2a-9b1e-5f6a7b8c9d0f';
    const suggested = (experts: string[]) => [{ type: 'test.counter.incremented', version: 1, data: { by: 1, experts: experts.map((userId) => ({ userId })), note: person } }];
    await store.append('counter-shared', 0, suggested([other, person]), { correlationId: 'c', causationId: `idem:${person}:k1`, actorId: person });
    await store.append('counter-shared', 1, suggested([other]), { correlationId: 'c', causationId: 'k2', actorId: other });
    // Not published yet: by default it waits for the relay (the topic gets the events as written).
    await expect(store.redactPerson('counter-shared', person, ['experts[].userId'], { maxAttempts: 2, retryDelayMs: 10 })).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(JSON.stringify((await store.collection.findOne({ _id: 'counter-shared' }))!.events)).toContain(`"actorId":"${person}"`);
    await store.collection.updateOne({ _id: 'counter-shared' }, { $set: { 'outbox.publishedVersion': 2, pending: false } }); // as the relay marks it
    const before = (await store.collection.findOne({ _id: 'counter-shared' }))!;

    expect(await store.redactPerson('counter-shared', person, ['experts[].userId'])).toBe(true);
    const after = (await store.collection.findOne({ _id: 'counter-shared' }))!;
    expect(after.version).toBe(2);
    expect(after.outbox).toEqual(before.outbox);
    expect(after.events.map((e) => [e.id, e.sequence, e.type, e.version])).toEqual(before.events.map((e) => [e.id, e.sequence, e.type, e.version]));
    expect(after.events[0]).toMatchObject({ actorId: erasureKey(person), causationId: erasureKey(`idem:${person}:k1`), data: { experts: [{ userId: other }, { userId: erasureKey(person) }], note: person } });
    expect(after.events[1]).toEqual(before.events[1]); // the other actor's event: untouched
    expect(JSON.stringify(after.events[0]!.data)).toContain(person); // only named paths change (note)
    expect(await store.redactPerson('counter-shared', person, ['experts[].userId', 'note'])).toBe(true);
    expect(JSON.stringify((await store.collection.findOne({ _id: 'counter-shared' }))!.events)).not.toContain(person);
    // Again: nothing left, nothing written; a missing stream is no error.
    const updatedAt = (await store.collection.findOne({ _id: 'counter-shared' }))!.updatedAt;
    expect(await store.redactPerson('counter-shared', person, ['experts[].userId', 'note'])).toBe(false);
    expect((await store.collection.findOne({ _id: 'counter-shared' }))!.updatedAt).toEqual(updatedAt);
    expect(await store.redactPerson('counter-missing', person, [])).toBe(false);
    // Appends go on after it at the same version.
    await store.append('counter-shared', 2, incremented(), meta('k3'));
    expect((await store.readStream('counter-shared'))!.version).toBe(3);
  });

  it('keeps appends that race a redaction of unpublished events (conditional on the version, retried)', async () => {
    const person = '0193a1f2-7c4e-7d2a-9b1e-5f6a7b8c9d1a';
    await store.append('counter-racing', 0, incremented(), { correlationId: 'c', causationId: 'r0', actorId: person });
    const appends = Array.from({ length: 5 }, (_, i) => i + 1);
    await Promise.all([
      (async () => {
        for (const version of appends) await store.append('counter-racing', version, incremented(), { correlationId: 'c', causationId: `r${version}`, actorId: person });
      })(),
      (async () => {
        for (let i = 0; i < 5; i++) await store.redactPerson('counter-racing', person, [], { unpublished: 'redact' });
      })(),
    ]);
    await store.redactPerson('counter-racing', person, [], { unpublished: 'redact' });
    const stream = (await store.readStream('counter-racing'))!;
    expect(stream.version).toBe(6);
    expect(stream.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stream.events.every((e) => e.actorId === erasureKey(person))).toBe(true);
  });
});
