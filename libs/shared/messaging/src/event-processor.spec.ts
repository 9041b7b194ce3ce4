import type { EachBatchPayload, Kafka, RetryOptions } from 'kafkajs';
import { encodeEnvelope } from './kafka-codec';
import { EventProcessor } from './event-processor';
import { UNCHECKED_CONTRACTS, type EventProcessorOptions } from './processor-types';
import { resolveSeek, SeekProgress } from './start-position';

/** Just enough of kafkajs for the processor's lifecycle; every step can be held open by the test. */
function fakeKafka() {
  const listeners = new Map<string, ((event: { payload: unknown }) => void)[]>();
  let consumerConfig: { retry?: RetryOptions } = {};
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const gate = () => {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  };
  const state = { runs: 0, disconnects: 0, producers: 0, createdTopics: [] as string[], seeks: [] as unknown[], runGate: null as ReturnType<typeof gate> | null };
  const consumer = {
    events: { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' },
    on: (name: string, listener: (event: { payload: unknown }) => void) => void listeners.set(name, [...(listeners.get(name) ?? []), listener]),
    connect: jest.fn(async () => undefined),
    subscribe: jest.fn(async () => undefined),
    run: jest.fn(async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      state.runs++;
      eachBatch = config.eachBatch;
      if (state.runGate) await state.runGate.promise;
    }),
    disconnect: jest.fn(async () => void state.disconnects++),
    seek: jest.fn((seek: unknown) => void state.seeks.push(seek)),
  };
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    createTopics: jest.fn(async ({ topics }: { topics: { topic: string }[] }) => void state.createdTopics.push(...topics.map((t) => t.topic))),
    listTopics: jest.fn(async () => ['t']),
    fetchTopicOffsets: jest.fn(async () => [
      { partition: 0, low: '0', high: '10', offset: '10' },
      { partition: 1, low: '0', high: '4', offset: '4' },
    ]),
    fetchTopicOffsetsByTimestamp: jest.fn(async () => [
      { partition: 0, offset: '7' },
      { partition: 1, offset: '-1' },
    ]),
  };
  const producer = { connect: jest.fn(async () => undefined), disconnect: jest.fn(async () => undefined), send: jest.fn(async () => undefined) };
  const kafka = {
    consumer: (config: { retry?: RetryOptions }) => ((consumerConfig = config), consumer),
    producer: () => (state.producers++, producer),
    admin: () => admin,
  } as unknown as Kafka;
  return {
    kafka, consumer, admin, producer, state, gate,
    emit: (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l({ payload })),
    /** What kafkajs does after a retriable crash: asks restartOnFailure (once disconnected). */
    crash: (error = new Error('broker gone')) => consumerConfig.retry!.restartOnFailure!(error),
    batch: (partition: number, offsets: string[], value = (o: string) => JSON.stringify({ ...JSON.parse(encodeEnvelope(envelopeAt(o)).value), type: 'x' })) =>
      eachBatch!({
        batch: { topic: 't', partition, messages: offsets.map((offset) => ({ offset, key: null, value: Buffer.from(value(offset)), headers: {}, timestamp: '0', attributes: 0, size: 0 })) },
        resolveOffset: jest.fn(), heartbeat: jest.fn(async () => undefined), commitOffsetsIfNecessary: jest.fn(async () => undefined), isRunning: () => true, isStale: () => false,
      } as unknown as EachBatchPayload),
  };
}

const envelopeAt = (offset: string) => ({
  id: `018f0000-0000-7000-8000-00000000000${offset.slice(-1)}`, type: 'x', version: 1, source: 'plein/test', aggregateType: 'a', aggregateId: 'a-1',
  sequence: Number(offset) + 1, occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', actorId: 'u', data: {},
});

const quiet = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

function processor(fake: ReturnType<typeof fakeKafka>, options: Partial<EventProcessorOptions> = {}) {
  return new EventProcessor({ kafka: fake.kafka, service: 'svc', processor: 'p', topics: ['t'], handlers: { x: async () => undefined }, registry: UNCHECKED_CONTRACTS, logger: quiet, ...options });
}

describe('EventProcessor options', () => {
  afterEach(() => jest.useRealTimers());

  it('dead-letters to <group>.dlq by default, to a named topic when given, and not at all with deadLetters: drop', async () => {
    const byDefault = fakeKafka();
    expect(processor(byDefault).deadLetterTopic).toBe('svc.p.dlq');
    const named = fakeKafka();
    const p = processor(named, { deadLetterTopic: 'svc.shared.dlq' });
    await p.start();
    expect(named.state.createdTopics).toEqual(['svc.shared.dlq']);
    await named.batch(0, ['0'], () => '{"broken');
    expect(named.producer.send).toHaveBeenCalledWith(expect.objectContaining({ topic: 'svc.shared.dlq' }));

    const dropping = fakeKafka();
    const d = processor(dropping, { deadLetters: 'drop' });
    expect(dropping.state.producers).toBe(0);
    await d.start();
    expect(dropping.state.createdTopics).toEqual([]);
    await dropping.batch(0, ['0'], () => '{"broken');
    expect(d.stats()).toMatchObject({ deadLettered: 1 });
    expect(quiet.error).toHaveBeenCalledWith('message dropped (no dead-letter topic)', expect.objectContaining({ consumerGroup: 'svc.p', offset: '0' }));
  });

  it('with seek: positions every partition when the group assigns it, and is caught up once the backlog present at start is handled', async () => {
    const fake = fakeKafka();
    const p = processor(fake, { seek: { timestamp: 1_000 } });
    await p.start();
    expect(fake.admin.fetchTopicOffsetsByTimestamp).toHaveBeenCalledWith('t', 1_000);
    expect(p.seekedPartitions).toEqual([
      { topic: 't', partition: 0, offset: '7', high: '10' },
      { topic: 't', partition: 1, offset: '4', high: '4' }, // nothing at or after the time: the end
    ]);
    expect(p.caughtUp).toBe(false);
    fake.emit('consumer.group_join', { memberAssignment: { t: [0, 1] } });
    expect(fake.state.seeks).toEqual([
      { topic: 't', partition: 0, offset: '7' },
      { topic: 't', partition: 1, offset: '4' },
    ]);
    await fake.batch(0, ['7', '8']);
    expect(p.caughtUp).toBe(false);
    // A rejoin continues where it got, and leaves alone what was handled and caught up.
    fake.emit('consumer.group_join', { memberAssignment: { t: [0, 1] } });
    expect(fake.state.seeks.slice(2)).toEqual([
      { topic: 't', partition: 0, offset: '9' },
      { topic: 't', partition: 1, offset: '4' },
    ]);
    await fake.batch(0, ['9']);
    expect(p.caughtUp).toBe(true);
  });

  it('without seek: no seeks, caughtUp not tracked', async () => {
    const fake = fakeKafka();
    const p = processor(fake);
    await p.start();
    fake.emit('consumer.group_join', { memberAssignment: { t: [0] } });
    expect(fake.state.seeks).toEqual([]);
    expect(p.caughtUp).toBe(false);
  });

  it('rejoins after a crash itself (never through kafkajs), and not once stopped', async () => {
    jest.useFakeTimers();
    const fake = fakeKafka();
    const p = processor(fake);
    await p.start();
    await expect(fake.crash()).resolves.toBe(false); // kafkajs must not restart it
    await jest.advanceTimersByTimeAsync(300);
    expect(fake.state.runs).toBe(2);
    await expect(fake.crash()).resolves.toBe(false);
    await p.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.state.runs).toBe(2);
    await expect(fake.crash()).resolves.toBe(false);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.state.runs).toBe(2);
  });

  it('waits for a rejoin in flight before it disconnects, at most stopTimeoutMs; the disconnect then follows the rejoin', async () => {
    jest.useFakeTimers();
    const fake = fakeKafka();
    const p = processor(fake, { stopTimeoutMs: 2_000 });
    await p.start();
    fake.state.runGate = fake.gate();
    await fake.crash();
    await jest.advanceTimersByTimeAsync(300); // the rejoin is in flight (joining)
    let stopped = false;
    const stopping = p.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(stopped).toBe(false);
    expect(fake.state.disconnects).toBe(0); // a disconnect now would orphan the joining consumer
    await jest.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(quiet.warn).toHaveBeenCalledWith(expect.stringContaining('not disconnected in time'), expect.objectContaining({ consumerGroup: 'svc.p' }));
    expect(fake.state.disconnects).toBe(0);
    fake.state.runGate.open();
    await jest.advanceTimersByTimeAsync(0);
    expect(fake.state.disconnects).toBe(1);
  });

  it('the message in hand gives up at stop and does not resume its retries once stop() has returned with the disconnect still running', async () => {
    jest.useFakeTimers();
    const fake = fakeKafka();
    const disconnected = fake.gate();
    fake.consumer.disconnect.mockImplementationOnce(async () => void (await disconnected.promise)); // kafkajs waits for the batch in hand
    const slowFailure = fake.gate();
    let fail = true;
    const handler = jest.fn(async () => {
      if (handler.mock.calls.length === 1) await slowFailure.promise; // e.g. a write still waiting when the app closes its database
      if (fail) throw new Error('database closed');
    });
    const p = processor(fake, { handlers: { x: handler }, stopTimeoutMs: 2_000, retry: { attempts: 10, initialBackoffMs: 100, maxBackoffMs: 100 } });
    await p.start();
    const batch = fake.batch(0, ['1']);
    await jest.advanceTimersByTimeAsync(0);
    expect(handler).toHaveBeenCalledTimes(1);
    const stopping = p.stop();
    await jest.advanceTimersByTimeAsync(2_000);
    await stopping; // past its bound: the disconnect goes on in the background
    expect(p.closed).toBe(false);
    slowFailure.open();
    await jest.advanceTimersByTimeAsync(60_000);
    await batch;
    expect(handler).toHaveBeenCalledTimes(1); // no retry, no heartbeat through the closing consumer
    disconnected.open();
    await jest.advanceTimersByTimeAsync(0);
    expect(p.closed).toBe(true);

    // A later start handles messages again.
    fail = false;
    await p.start();
    await fake.batch(0, ['2']);
    expect(handler).toHaveBeenCalledTimes(2);
    expect(p.stats().processed).toBe(1);
    await p.stop();
  });

  it('stop() during the first connect resolves at once; start() then resolves without running and disconnects what it connected', async () => {
    const fake = fakeKafka();
    const connected = fake.gate();
    fake.admin.connect.mockImplementationOnce(async () => void (await connected.promise));
    const p = processor(fake);
    const starting = p.start();
    await p.stop();
    expect(fake.consumer.run).not.toHaveBeenCalled();
    connected.open();
    await starting;
    expect(p.running).toBe(false);
    expect(fake.consumer.run).not.toHaveBeenCalled();
    expect(fake.admin.disconnect).toHaveBeenCalled();
  });
});

describe('resolveSeek', () => {
  const admin = {
    listTopics: async () => ['a'],
    fetchTopicOffsets: async () => [{ partition: 0, low: '2', high: '9', offset: '9' }],
    fetchTopicOffsetsByTimestamp: async () => [{ partition: 0, offset: '5' }],
  };
  it('maps earliest, latest and a time to offsets, and skips missing topics', async () => {
    await expect(resolveSeek(admin, ['a', 'missing'], 'earliest')).resolves.toEqual([{ topic: 'a', partition: 0, offset: '2', high: '9' }]);
    await expect(resolveSeek(admin, ['a'], 'latest')).resolves.toEqual([{ topic: 'a', partition: 0, offset: '9', high: '9' }]);
    await expect(resolveSeek(admin, ['a'], { timestamp: 1 })).resolves.toEqual([{ topic: 'a', partition: 0, offset: '5', high: '9' }]);
  });
  it('turns a lookback into the time that far before each start', async () => {
    const asked: number[] = [];
    const timed = { ...admin, fetchTopicOffsetsByTimestamp: async (_topic: string, at?: number) => (asked.push(at!), [{ partition: 0, offset: '5' }]) };
    await expect(resolveSeek(timed, ['a'], { lookbackMs: 60_000 }, 1_000_000)).resolves.toEqual([{ topic: 'a', partition: 0, offset: '5', high: '9' }]);
    await resolveSeek(timed, ['a'], { lookbackMs: 60_000 }, 2_000_000);
    expect(asked).toEqual([940_000, 1_940_000]);
  });
  it('is caught up at once with nothing to read', () => {
    expect(new SeekProgress([]).caughtUp).toBe(true);
    expect(new SeekProgress([{ topic: 'a', partition: 0, offset: '9', high: '9' }]).caughtUp).toBe(true);
  });
});
