import type { Connection } from 'mongoose';
import type { CommandMetadata, EventEnvelope } from '@plein/shared/kernel';
import { ConcurrencyConflictError, idempotencyUuid, fixtures, handleCommand, StreamTooLargeError } from '@plein/shared/event-sourcing';
import { MongoEventStore } from './mongo-event-store';
import { connectTestDb, dropTestDb, uniqueName } from './test-support/servers';

const { counter } = fixtures;

const meta = (causationId: string): CommandMetadata => ({ correlationId: 'corr', causationId, actorId: 'user-1' });
const incremented = (by = 1) => [{ type: 'test.counter.incremented', version: 1, data: { by } }];

/**
 * One write path, the one production runs: conditional updates, atomic per document on MongoDB and
 * on the patched local server (docs/adr/0007). The races below run against the real server.
 */
describe('MongoEventStore (real MongoDB-compatible server)', () => {
  let connection: Connection;
  let store: MongoEventStore;

  beforeAll(async () => {
    connection = await connectTestDb();
    store = new MongoEventStore({ connection, service: uniqueName('t'), limits: { maxEvents: 50 } });
    await store.init();
    await store.init(); // idempotent
  });
  afterAll(() => dropTestDb(connection));

  it('creates, appends and reads a stream with stamped envelopes', async () => {
    const created = await store.append('counter-read', 0, incremented(2), meta('k1'));
    const appended = await store.append('counter-read', 1, [...incremented(3), ...incremented(4)], meta('k2'));
    expect(created.version).toBe(1);
    expect(appended.version).toBe(3);
    const stream = await store.readStream('counter-read');
    expect(stream).toMatchObject({ streamId: 'counter-read', aggregateType: 'counter', aggregateId: 'read', version: 3 });
    expect(stream!.events.map((e) => [e.sequence, e.causationId, (e.data as { by: number }).by])).toEqual([[1, 'k1', 2], [2, 'k2', 3], [3, 'k2', 4]]);
    expect(stream!.events[1]).toEqual(appended.events[0]);
    expect(await store.readStream('counter-missing')).toBeNull();
    const doc = await store.collection.findOne({ _id: 'counter-read' });
    expect(doc).toMatchObject({ version: 3, pending: true, outbox: { publishedVersion: 0 }, lease: null });
    expect(doc!.pendingSince).toBeInstanceOf(Date);
  });

  it('lets exactly one of two racing appends win, the other gets the typed conflict', async () => {
    for (const expected of [0, 1]) {
      const outcomes = await Promise.allSettled([
        store.append('counter-race', expected, incremented(), meta(`a${expected}`)),
        store.append('counter-race', expected, incremented(), meta(`b${expected}`)),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [lost] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost!.reason).toBeInstanceOf(ConcurrencyConflictError);
      expect(lost!.reason).toMatchObject({ code: 'EVENTSTORE.CONCURRENCY_CONFLICT', expectedVersion: expected, actualVersion: expected + 1 });
    }
    await expect(store.append('counter-race', 5, incremented(), meta('late'))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await expect(store.append('counter-nothing', 3, incremented(), meta('x'))).rejects.toMatchObject({ actualVersion: null });
  });

  it('serialises 20 concurrent commands on one stream through conflict retries', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        handleCommand({ store, streamId: 'counter-hot', ...counter, command: { by: 1 }, metadata: meta(`hot-${i}`), maxRetries: 40 }),
      ),
    );
    const stream = (await store.readStream('counter-hot'))!;
    expect(stream.version).toBe(20);
    expect(stream.events.map((e) => e.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(stream.events.map((e) => e.id)).size).toBe(20);
    expect(new Set(stream.events.map((e) => e.causationId)).size).toBe(20);
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.map((r) => r.state.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('handles a repeated idempotency key once, also when the copies race', async () => {
    const run = (key: string, by: number) =>
      handleCommand({ store, streamId: `counter-${idempotencyUuid('test.counter', key, 'user-1')}`, ...counter, command: { by }, metadata: meta(key), maxRetries: 20 });
    const first = await run('idem-1', 7);
    const again = await run('idem-1', 7);
    expect(again).toEqual({ ...first, replayed: true });

    const racing = await Promise.all(Array.from({ length: 6 }, () => run('idem-2', 3)));
    const ids = new Set(racing.map((r) => r.events.map((e) => e.id).join()));
    expect(ids.size).toBe(1);
    expect(racing.filter((r) => !r.replayed)).toHaveLength(1);
    const stream = (await store.readStream(racing[0]!.streamId))!;
    expect(stream.version).toBe(1);
    expect(racing.every((r) => r.version === 1 && r.state.value === 3)).toBe(true);
  });

  it('guards stream size by event count and by bytes, leaving the stream unchanged', async () => {
    const small = new MongoEventStore({ connection, service: store.collectionName.replace(/_streams$/, ''), limits: { maxEvents: 3, maxBytes: 2_000 } });
    await small.append('counter-big', 0, [...incremented(), ...incremented()], meta('g1'));
    await expect(small.append('counter-big', 2, [...incremented(), ...incremented()], meta('g2'))).rejects.toMatchObject({ code: 'EVENTSTORE.STREAM_TOO_LARGE' });
    expect((await small.readStream('counter-big'))!.version).toBe(2);

    const large = [{ type: 'test.blob.added', version: 1, data: { text: 'x'.repeat(500) } }];
    await small.append('counter-bytes', 0, large, meta('b1'));
    await small.append('counter-bytes', 1, large, meta('b2'));
    const error = await small.append('counter-bytes', 2, large, meta('b3')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamTooLargeError);
    expect((error as StreamTooLargeError).attempted.bytes).toBeGreaterThan(2_000);
    expect((await small.readStream('counter-bytes'))!.version).toBe(2);
    // A conflict on a full stream is still reported as a conflict.
    await expect(small.append('counter-bytes', 1, large, meta('b4'))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await expect(small.append('counter-huge', 0, [{ type: 'test.blob.added', version: 1, data: { text: 'x'.repeat(3_000) } }], meta('h'))).rejects.toBeInstanceOf(StreamTooLargeError);
  });

  it('runs the validate hook on every envelope and stores nothing it rejects', async () => {
    const seen: EventEnvelope[] = [];
    const strict = new MongoEventStore({
      connection,
      service: store.collectionName.replace(/_streams$/, ''),
      validate: (envelope) => {
        seen.push(envelope);
        if (envelope.type !== 'test.counter.incremented') throw new Error(`unknown type ${envelope.type}`);
      },
    });
    await expect(strict.append('counter-valid', 0, [...incremented(), { type: 'test.unknown', version: 1, data: {} }], meta('v'))).rejects.toThrow('unknown type');
    expect(seen.map((e) => e.sequence)).toEqual([1, 2]);
    expect(await strict.readStream('counter-valid')).toBeNull();
  });

  it('reads all streams, optionally by aggregate type, across pages', async () => {
    const all = new MongoEventStore({ connection, service: uniqueName('t') });
    await all.init();
    for (const id of ['a', 'b', 'c']) await all.append(`counter-${id}`, 0, [...incremented(), ...incremented()], meta(id));
    await all.append('other-x', 0, incremented(), meta('x'));
    const everything: EventEnvelope[] = [];
    for await (const event of all.readAll({ batchSize: 2 })) everything.push(event);
    expect(everything.map((e) => `${e.aggregateType}-${e.aggregateId}:${e.sequence}`)).toEqual([
      'counter-a:1', 'counter-a:2', 'counter-b:1', 'counter-b:2', 'counter-c:1', 'counter-c:2', 'other-x:1',
    ]);
    const others: EventEnvelope[] = [];
    for await (const event of all.readAll({ aggregateTypes: ['other'], batchSize: 1 })) others.push(event);
    expect(others.map((e) => e.aggregateId)).toEqual(['x']);
  });
});
