import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { FixedClock, type CommandMetadata } from '@plein/shared/kernel';
import { MongoEventStore } from './mongo-event-store';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { byKey, collect, connectTestDb, dropTestDb, testKafka, uniqueName, waitFor, type Received } from './test-support/servers';
import { ensureTopics } from './topics';

const meta = (causationId: string): CommandMetadata => ({ correlationId: 'corr', causationId, actorId: 'user-1' });
const incremented = (n = 1) => Array.from({ length: n }, () => ({ type: 'test.counter.incremented', version: 1, data: { by: 1 } }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The one write path production runs (conditional updates), against the real servers. */
describe('OutboxRelay (real Kafka and MongoDB-compatible server)', () => {
  let connection: Connection;
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];
  const relays: OutboxRelay[] = [];
  const topics: string[] = [];

  beforeAll(async () => {
    connection = await connectTestDb();
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop().catch(() => undefined)));
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await dropTestDb(connection);
  });

  /** A fresh collection and topic, a consumer already reading it, and a relay factory. */
  async function setup(options: { clock?: FixedClock } = {}) {
    const store = new MongoEventStore({ connection, service: uniqueName('t'), ...(options.clock ? { clock: options.clock } : {}) });
    await store.init();
    const topic = uniqueName('es-test.counter.events');
    topics.push(topic);
    const created = await ensureTopics(admin, [{ name: topic, partitions: 3, replicationFactor: 3, config: { 'min.insync.replicas': '2' } }]);
    expect(created.created).toEqual([topic]);
    expect((await ensureTopics(admin, [{ name: topic, partitions: 3, replicationFactor: 1, config: {} }])).existing).toEqual([topic]);
    const received: Received[] = [];
    consumers.push(await collect(kafka, topic, received));
    const relay = (extra: Partial<OutboxRelayOptions> = {}) => {
      const r = new OutboxRelay({ store, kafka, topicFor: () => topic, pollIntervalMs: 200, onError: () => undefined, ...extra });
      relays.push(r);
      return r;
    };
    const docs = () => store.collection.find({}).toArray();
    return { store, topic, received, relay, docs };
  }

  it('publishes every event in order per key with two relays running at once', async () => {
    const { store, received, relay, docs } = await setup();
    const published = { a: 0, b: 0 };
    const counting = (name: 'a' | 'b') => ({ afterPublishBeforeMark: ({ events }: { events: number }) => void (published[name] += events) });
    const [a, b] = [relay({ owner: 'relay-a', batchStreams: 7, faults: counting('a') }), relay({ owner: 'relay-b', batchStreams: 7, faults: counting('b') })];
    await Promise.all([a.start(), b.start()]);
    const streams = range(1, 30).map((i) => `counter-s${i}`);
    // Five rounds of appends to every stream while both relays run; each round is concurrent.
    for (let round = 0; round < 5; round++) {
      await Promise.all(streams.map((id) => store.append(id, round * 2, incremented(2), meta(`${id}-${round}`))));
    }
    await waitFor(() => received.length >= 300, 60_000, '300 messages');
    await waitFor(async () => (await a.metrics()).pendingStreams === 0, 10_000, 'no pending streams');
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for any stray duplicate to show up
    const perKey = byKey(received);
    expect([...perKey.keys()].sort()).toEqual(streams.map((s) => s.slice('counter-'.length)).sort());
    for (const sequences of perKey.values()) expect(sequences).toEqual(range(1, 10)); // complete, in order, no duplicates
    expect(published.a).toBeGreaterThan(0); // both relays took part
    expect(published.b).toBeGreaterThan(0);
    expect(published.a + published.b).toBe(300);
    expect(received[0]!.headers).toMatchObject({ ce_type: 'test.counter.incremented', ce_specversion: '1.0', 'content-type': 'application/json' });
    for (const doc of await docs()) expect(doc).toMatchObject({ version: 10, outbox: { publishedVersion: 10 }, pending: false, lease: null });
    expect((await docs()).every((d) => d.pendingSince === undefined)).toBe(true);
  }, 90_000);

  it('republishes after a crash between publish and mark, once the lease expires', async () => {
    const { store, received, relay, docs } = await setup();
    const crashing = relay({
      owner: 'crashing', leaseMs: 1_500,
      faults: { afterPublishBeforeMark: () => { throw new Error('simulated crash'); } },
    });
    await crashing.start();
    for (const id of ['x', 'y', 'z']) await store.append(`counter-${id}`, 0, incremented(2), meta(id));
    await waitFor(() => received.length >= 6, 20_000, 'first publication');
    await crashing.stop();
    // Published but not marked: still pending, still leased by the dead relay.
    for (const doc of await docs()) expect(doc).toMatchObject({ pending: true, outbox: { publishedVersion: 0 }, lease: { owner: 'crashing' } });

    const restarted = relay({ owner: 'restarted' });
    await restarted.start();
    await waitFor(async () => (await restarted.metrics()).pendingStreams === 0, 20_000, 'republication');
    await waitFor(() => received.length >= 12, 10_000, 'duplicates');
    for (const sequences of byKey(received).values()) expect(sequences).toEqual([1, 2, 1, 2]); // each copy in order
    for (const doc of await docs()) expect(doc).toMatchObject({ outbox: { publishedVersion: 2 }, pending: false, lease: null });
  });

  it('keeps a stream pending when it grew between publish and mark, then publishes the rest', async () => {
    const { store, received, relay, docs } = await setup();
    let grown = false;
    const r = relay({
      faults: {
        afterPublishBeforeMark: async () => {
          if (grown) return;
          grown = true;
          await store.append('counter-grow', 1, incremented(1), meta('late'));
        },
      },
    });
    await store.append('counter-grow', 0, incremented(1), meta('early'));
    await r.start();
    await waitFor(() => received.length >= 2, 20_000, 'both events');
    await waitFor(async () => (await r.metrics()).pendingStreams === 0, 10_000, 'caught up');
    expect(byKey(received).get('grow')).toEqual([1, 2]);
    expect((await docs())[0]).toMatchObject({ version: 2, outbox: { publishedVersion: 2 }, pending: false });
  });

  it('reports pending streams and the age of the oldest pending event', async () => {
    const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    const { store, relay } = await setup({ clock });
    const r = relay({ clock });
    expect(await r.metrics()).toEqual({ pendingStreams: 0, oldestPendingAgeMs: 0 });
    await store.append('counter-m1', 0, incremented(), meta('m1'));
    clock.advance(1_000);
    await store.append('counter-m2', 0, incremented(), meta('m2'));
    await store.append('counter-m1', 1, incremented(), meta('m1b')); // does not make m1 look younger
    clock.advance(500);
    expect(await r.metrics()).toEqual({ pendingStreams: 2, oldestPendingAgeMs: 1_500 });
    await r.start();
    await waitFor(async () => (await r.metrics()).pendingStreams === 0, 20_000, 'drained');
    expect(await r.metrics()).toEqual({ pendingStreams: 0, oldestPendingAgeMs: 0 });
  });
});
