import { trace } from '@opentelemetry/api';
import { FixedClock, type EventEnvelope } from '@plein/shared/kernel';
import type { Message } from 'kafkajs';
import { BatchRunner } from './batch-runner';
import { encodeEnvelope } from './kafka-codec';
import { MessagePipeline, type IncomingMessage } from './message-pipeline';
import type { BatchEventHandler, EventHandler } from './processor-types';
import { retryPolicy } from './retry-policy';

const envelope = (sequence: number, type = 'test.note.written'): EventEnvelope => ({
  id: `018f0000-0000-7000-8000-00000000000${sequence}`, type, version: 1, source: 'plein/test', aggregateType: 'note', aggregateId: 'n-1',
  sequence, occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'k', actorId: 'u', data: {},
});
const message = (offset: number, value: string, headers: Record<string, string> = {}): IncomingMessage => ({
  topic: 't', partition: 0, offset: String(offset), key: Buffer.from('n-1'), value: Buffer.from(value),
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
});
const ok = (offset: number, type?: string) => {
  const record = encodeEnvelope(envelope(offset, type));
  return message(offset, record.value, record.headers);
};

function setup(batch: BatchEventHandler, maxBatchSize = 10, timeoutMs = 1_000) {
  const order: string[] = [];
  const single: EventHandler & jest.Mock = jest.fn(async (e: EventEnvelope) => void order.push(`single ${e.sequence}`));
  const deadLetters: Message[] = [];
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const pipeline = new MessagePipeline({
    service: 'test', processor: 'p', group: 'test.p', handlers: { 'test.note.written': single },
    registry: { validate: () => undefined, upcast: (e) => e }, policy: retryPolicy({ attempts: 1 }), handlerTimeoutMs: 1_000,
    heartbeatEveryMs: 100, tracer: trace.getTracer('test'), clock: new FixedClock(), logger,
  });
  const runner = new BatchRunner(pipeline, { service: 'test', processor: 'p', group: 'test.p', handler: batch, maxBatchSize, timeoutMs, heartbeatEveryMs: 20, tracer: trace.getTracer('test'), logger });
  const resolved: string[] = [];
  const hooks = { heartbeat: async () => undefined, isActive: () => true, sendToDeadLetter: async (m: Message) => void deadLetters.push(m) };
  const run = (messages: IncomingMessage[]) => runner.run(messages, hooks, async (offset) => void resolved.push(offset));
  return { run, single, resolved, deadLetters, pipeline, logger, order };
}
const sequences = (calls: readonly (readonly EventEnvelope[])[]) => calls.map((c) => c.map((e) => e.sequence));

describe('BatchRunner', () => {
  it('hands consecutive ready messages to the batch handler, split at maxBatchSize, in order', async () => {
    const calls: EventEnvelope[][] = [];
    const { run, single, resolved, pipeline } = setup(async (envelopes) => void calls.push([...envelopes]), 3);
    await run([1, 2, 3, 4, 5].map((o) => ok(o)));
    expect(sequences(calls)).toEqual([[1, 2, 3], [4, 5]]);
    expect(resolved).toEqual(['3', '5']);
    expect(single).not.toHaveBeenCalled();
    expect(pipeline.counters.processed).toBe(5);
  });

  it('sends a message it must skip or dead-letter through the pipeline in its place', async () => {
    const calls: EventEnvelope[][] = [];
    const { run, resolved, deadLetters, pipeline } = setup(async (envelopes) => void calls.push([...envelopes]));
    await run([ok(1), ok(2, 'test.note.liked'), ok(3), message(4, 'not json'), ok(5)]);
    expect(sequences(calls)).toEqual([[1], [3], [5]]);
    expect(resolved).toEqual(['1', '2', '3', '4', '5']);
    expect(deadLetters).toHaveLength(1);
    expect(pipeline.counters).toMatchObject({ processed: 3, skipped: 1, deadLettered: 1 });
  });

  it('falls back to the per-message handler when the batch handler fails', async () => {
    const { run, single, resolved, logger } = setup(async () => {
      throw new Error('bulk write failed');
    });
    await run([ok(1), ok(2), ok(3)]);
    expect(single.mock.calls.map(([e]) => (e as EventEnvelope).sequence)).toEqual([1, 2, 3]);
    expect(resolved).toEqual(['1', '2', '3']);
    expect(logger.warn).toHaveBeenCalledWith('batch handler failed; handling its messages one by one', expect.objectContaining({ count: 3, reason: 'bulk write failed' }));
  });

  it('lets a timed-out batch finish before handling its messages one by one', async () => {
    let finish: () => void = () => undefined;
    const { run, order } = setup(async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      order.push('batch finished');
    }, 10, 50);
    setTimeout(() => finish(), 200);
    await run([ok(1), ok(2)]);
    expect(order).toEqual(['batch finished', 'single 1', 'single 2']);
  });
});
