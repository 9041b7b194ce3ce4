import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { CommandMetadata } from '@plein/shared/kernel';
import { MongoEventStore } from './mongo-event-store';
import { OutboxRelay } from './outbox-relay';
import { collect, connectTestDb, dropTestDb, testKafka, uniqueName, waitFor, type Received } from './test-support/servers';
import { ensureTopics } from './topics';
import { SocketOutage } from '@plein/shared/testing';

/**
 * Stopping the relay while the broker is unreachable and events are waiting to be published.
 * The relay's Kafka client connects through a socket factory that can refuse every connection
 * and reset the open ones, as a stopped broker does; the shared broker is never stopped.
 */
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const STOP_TIMEOUT_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const meta: CommandMetadata = { correlationId: 'corr', causationId: 'cause', actorId: 'user-1' };

describe('OutboxRelay stop with the broker unreachable (real Kafka and MongoDB-compatible server)', () => {
  let connection: Connection;
  let admin: Admin;
  let consumer: Consumer | undefined;
  const topic = uniqueName('es-test.stop.events');

  beforeAll(async () => {
    connection = await connectTestDb();
    admin = testKafka().admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]);
  });
  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await dropTestDb(connection);
  });

  it('stops within its bound with a publication in hand, leaves nothing connecting, and the event stays pending for the next relay', async () => {
    const store = new MongoEventStore({ connection, service: uniqueName('t') });
    await store.init();
    const outage = await SocketOutage.create();
    const kafka = new Kafka({ clientId: uniqueName('relay-stop'), brokers: BROKERS, socketFactory: outage.socketFactory, logLevel: logLevel.NOTHING });
    const relay = new OutboxRelay({ store, kafka, topicFor: () => topic, pollIntervalMs: 200, onError: () => undefined, leaseMs: 5_000, stopTimeoutMs: STOP_TIMEOUT_MS });
    await relay.start();
    outage.cut();
    const before = outage.attempts;
    await store.append('counter-1', 0, [{ type: 'test.counter.incremented', version: 1, data: { by: 1 } }], meta);
    // The relay claimed the stream and its producer is retrying against the refused broker.
    await waitFor(() => outage.attempts > before + 1, 20_000, 'the relay trying to publish');

    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(STOP_TIMEOUT_MS + 1_500);

    // What was still in hand gives up after its producer retries (bounded), then nothing reconnects.
    let attempts = outage.attempts;
    for (const deadline = Date.now() + 20_000; ; attempts = outage.attempts) {
      await sleep(2_000);
      if (outage.attempts === attempts) break;
      if (Date.now() > deadline) throw new Error('the relay keeps connecting after stop()');
    }
    outage.down = false; // the broker is back: a retry loop left behind would reconnect now
    await sleep(3_000);
    expect(outage.attempts).toBe(attempts);
    expect(outage.open).toBe(0);

    // Nothing was lost: the next relay publishes the event.
    const received: Received[] = [];
    consumer = await collect(testKafka(), topic, received);
    const next = new OutboxRelay({ store, kafka: testKafka(), topicFor: () => topic, pollIntervalMs: 200, onError: () => undefined, leaseMs: 1_000 });
    await next.start();
    try {
      await waitFor(() => received.length >= 1, 30_000, 'the event published by the next relay');
      expect(received.map((r) => r.key)).toContain('1');
    } finally {
      await next.stop();
    }
  }, 90_000);
});
