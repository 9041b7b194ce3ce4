import { trace } from '@opentelemetry/api';
import { ContractRegistry } from '@plein/shared/contracts';
import { widgetContracts, widgetUpcasters } from '../../contracts/src/testing/widget.contracts';
import { FixedClock, type EventEnvelope } from '@plein/shared/kernel';
import type { Message } from 'kafkajs';
import { encodeEnvelope } from './kafka-codec';
import { MessagePipeline, type IncomingMessage, type PipelineOptions } from './message-pipeline';
import type { ContractRegistryLike, EventHandler } from './processor-types';
import { NonRetriableError, retryPolicy } from './retry-policy';

const envelope: EventEnvelope<{ title: string }> = {
  id: '018f0000-0000-7000-8000-000000000001', type: 'feed.post.published', version: 1, source: 'plein/feed',
  aggregateType: 'post', aggregateId: 'p-1', sequence: 1, occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'c', causationId: 'k', actorId: 'u', data: { title: 'Hallo' },
};

function incoming(value: string | null, type = envelope.type): IncomingMessage {
  const record = encodeEnvelope({ ...envelope, type });
  const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
  return { topic: 'feed.post.events.v1', partition: 0, offset: '7', key: Buffer.from('p-1'), value: value === null ? null : Buffer.from(value), headers };
}
const valid = () => incoming(JSON.stringify(envelope));

function setup(handler: EventHandler, overrides: Partial<PipelineOptions> = {}) {
  const deadLetters: Message[] = [];
  const sleeps: number[] = [];
  let heartbeats = 0;
  let active = true;
  const registry: ContractRegistryLike = { validate: jest.fn(), upcast: jest.fn((e: EventEnvelope) => ({ ...e, version: 2 })) };
  const pipeline = new MessagePipeline({
    service: 'feed', processor: 'p', group: 'feed.p', handlers: { 'feed.post.published': handler }, registry,
    policy: retryPolicy({ attempts: 3, initialBackoffMs: 1_000, maxBackoffMs: 10_000 }), handlerTimeoutMs: 1_000, heartbeatEveryMs: 300,
    tracer: trace.getTracer('test'), clock: new FixedClock(), logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() }, random: () => 1,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
  const hooks = {
    heartbeat: async () => void heartbeats++,
    isActive: () => active,
    sendToDeadLetter: async (m: Message) => void deadLetters.push(m),
  };
  return { pipeline, hooks, deadLetters, sleeps, registry, heartbeats: () => heartbeats, deactivate: () => (active = false) };
}
const header = (m: Message, name: string) => m.headers?.[name]?.toString();

describe('message pipeline', () => {
  it('validates, upcasts and hands the latest version to the handler', async () => {
    const handler = jest.fn(async () => undefined);
    const { pipeline, hooks, registry } = setup(handler);
    await expect(pipeline.process(valid(), hooks)).resolves.toBe('processed');
    expect(registry.validate).toHaveBeenCalledWith(envelope, 'consume');
    expect(handler).toHaveBeenCalledWith({ ...envelope, version: 2 }, expect.objectContaining({ group: 'feed.p', offset: '7', attempt: 1 }));
    expect(pipeline.counters).toEqual({ processed: 1, skipped: 0, deadLettered: 0, retries: 0 });
  });

  it('acknowledges types it has no handler for without validating them', async () => {
    const { pipeline, hooks, registry, deadLetters } = setup(jest.fn());
    await expect(pipeline.process(incoming(JSON.stringify({ ...envelope, type: 'feed.post.liked' })), hooks)).resolves.toBe('skipped');
    expect(registry.validate).not.toHaveBeenCalled();
    expect(deadLetters).toHaveLength(0);
  });

  it('gives a catch-all handler the raw envelope of a type the registry does not know at all', async () => {
    const catchAll = jest.fn(async () => undefined);
    const unknown = (knownVersions: number[]) => Object.assign(new Error('unknown'), { code: 'CONTRACTS.UNKNOWN_EVENT', knownVersions });
    const t = setup(jest.fn(), { handlers: {}, defaultHandler: catchAll });
    (t.registry.validate as jest.Mock).mockImplementationOnce(() => { throw unknown([]); });
    await expect(t.pipeline.process(valid(), t.hooks)).resolves.toBe('processed');
    expect(catchAll).toHaveBeenCalledWith(envelope, expect.anything());
    // A newer version of a known type is not passed through: the consumer must be upgraded.
    (t.registry.validate as jest.Mock).mockImplementationOnce(() => { throw unknown([1]); });
    await expect(t.pipeline.process(valid(), t.hooks)).resolves.toBe('dead-lettered');
    // A type-specific handler never sees unvalidated events.
    const typed = setup(jest.fn());
    (typed.registry.validate as jest.Mock).mockImplementationOnce(() => { throw unknown([]); });
    await expect(typed.pipeline.process(valid(), typed.hooks)).resolves.toBe('dead-lettered');
  });

  it('works with the real ContractRegistry for a catch-all handler', async () => {
    const seen: EventEnvelope[] = [];
    const t = setup(jest.fn(), { handlers: {}, defaultHandler: async (e) => void seen.push(e), registry: new ContractRegistry(widgetContracts, widgetUpcasters) });
    const widget = { ...envelope, aggregateType: 'widget', aggregateId: '01964b1e-0000-7000-8000-0000000000f1', source: 'plein/test' };
    const renamedV1 = { ...widget, type: 'test.widget.renamed', version: 1, data: { name: 'Gear' } };
    const painted = { ...widget, type: 'test.widget.painted', version: 1, data: { colour: 'blue' } };
    await expect(t.pipeline.process({ ...valid(), value: Buffer.from(JSON.stringify(renamedV1)) }, t.hooks)).resolves.toBe('processed');
    await expect(t.pipeline.process({ ...valid(), value: Buffer.from(JSON.stringify(painted)) }, t.hooks)).resolves.toBe('processed');
    await expect(t.pipeline.process({ ...valid(), value: Buffer.from(JSON.stringify({ ...renamedV1, version: 9 })) }, t.hooks)).resolves.toBe('dead-lettered');
    expect(seen.map((e) => [e.type, e.version, e.data])).toEqual([
      ['test.widget.renamed', 3, { title: { text: 'Gear', locale: 'en' } }],
      ['test.widget.painted', 1, { colour: 'blue' }],
    ]);
    expect(header(t.deadLetters[0]!, 'x-error-code')).toBe('CONTRACTS.UNKNOWN_EVENT');
  });

  it('dead-letters an undecodable message with the original bytes', async () => {
    const handler = jest.fn();
    const { pipeline, hooks, deadLetters } = setup(handler);
    await expect(pipeline.process(incoming('{oops'), hooks)).resolves.toBe('dead-lettered');
    expect(handler).not.toHaveBeenCalled();
    expect(deadLetters[0]!.value?.toString()).toBe('{oops');
    expect(header(deadLetters[0]!, 'x-error-stage')).toBe('decode');
    expect(header(deadLetters[0]!, 'x-error-code')).toBe('MESSAGING.MALFORMED_MESSAGE');
    expect(header(deadLetters[0]!, 'x-attempts')).toBe('0');
    expect(header(deadLetters[0]!, 'ce_type')).toBe('feed.post.published');
  });

  it.each(['validate', 'upcast'] as const)('dead-letters a %s failure without retrying', async (stage) => {
    const handler = jest.fn();
    const { pipeline, hooks, deadLetters, registry, sleeps } = setup(handler);
    const fail = () => { throw Object.assign(new Error(`${stage} broke`), { code: `CONTRACTS.${stage.toUpperCase()}` }); };
    (registry[stage] as jest.Mock).mockImplementation(fail);
    await expect(pipeline.process(valid(), hooks)).resolves.toBe('dead-lettered');
    expect(handler).not.toHaveBeenCalled();
    expect(sleeps).toEqual([]);
    expect(header(deadLetters[0]!, 'x-error-stage')).toBe(stage);
    expect(header(deadLetters[0]!, 'x-error-code')).toBe(`CONTRACTS.${stage.toUpperCase()}`);
  });

  it('retries a failing handler with backoff, heartbeating while it waits', async () => {
    const handler = jest.fn().mockRejectedValueOnce(new Error('a')).mockRejectedValueOnce(new Error('b')).mockResolvedValue(undefined);
    const { pipeline, hooks, deadLetters, sleeps, heartbeats } = setup(handler);
    await expect(pipeline.process(valid(), hooks)).resolves.toBe('processed');
    expect(handler.mock.calls.map((call) => call[1].attempt)).toEqual([1, 2, 3]);
    // 1000 ms then 2000 ms, in heartbeat-sized slices of 300 ms.
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(3_000);
    expect(Math.max(...sleeps)).toBe(300);
    expect(heartbeats()).toBe(sleeps.length);
    expect(deadLetters).toHaveLength(0);
    expect(pipeline.counters.retries).toBe(2);
  });

  it('dead-letters after the last try with the error in headers', async () => {
    const handler = jest.fn().mockRejectedValue(Object.assign(new Error('mongo down'), { code: 'FEED.STORE_UNAVAILABLE' }));
    const { pipeline, hooks, deadLetters } = setup(handler);
    await expect(pipeline.process(valid(), hooks)).resolves.toBe('dead-lettered');
    expect(handler).toHaveBeenCalledTimes(3);
    expect(header(deadLetters[0]!, 'x-error-stage')).toBe('handle');
    expect(header(deadLetters[0]!, 'x-error-code')).toBe('FEED.STORE_UNAVAILABLE');
    expect(header(deadLetters[0]!, 'x-error-message')).toBe('mongo down');
    expect(header(deadLetters[0]!, 'x-attempts')).toBe('3');
    expect(pipeline.counters).toMatchObject({ processed: 0, deadLettered: 1, retries: 2 });
  });

  it('dead-letters a non-retriable handler error on the first try', async () => {
    const handler = jest.fn().mockRejectedValue(new NonRetriableError('FEED.POST_GONE', 'gone'));
    const { pipeline, hooks, deadLetters } = setup(handler);
    await expect(pipeline.process(valid(), hooks)).resolves.toBe('dead-lettered');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(header(deadLetters[0]!, 'x-attempts')).toBe('1');
  });

  it('gives up without dead-lettering or heartbeating when the processor stops during a backoff', async () => {
    const handler = jest.fn().mockRejectedValue(new Error('down'));
    const t = setup(handler, { sleep: async () => void t.deactivate() });
    await expect(t.pipeline.process(valid(), t.hooks)).resolves.toBe('aborted');
    expect(t.deadLetters).toHaveLength(0);
    expect(t.heartbeats()).toBe(0);
  });

  it('times out a handler that outruns its budget and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const handler = jest.fn((_e: EventEnvelope, ctx: { signal: AbortSignal }) => {
      signal = ctx.signal;
      return new Promise<void>(() => undefined);
    });
    const { pipeline, hooks, deadLetters } = setup(handler, { handlerTimeoutMs: 20, policy: retryPolicy({ attempts: 1 }) });
    await expect(pipeline.process(valid(), hooks)).resolves.toBe('dead-lettered');
    expect(signal?.aborted).toBe(true);
    expect(header(deadLetters[0]!, 'x-error-code')).toBe('MESSAGING.HANDLER_TIMEOUT');
  });
});
