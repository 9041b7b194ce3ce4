import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { EventEnvelope } from '@plein/shared/kernel';
import { endSendSpans, tracedRecord } from './relay-tracing';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const envelope = (traceparent?: string): EventEnvelope => ({
  id: '018f0000-0000-7000-8000-000000000001', type: 'test.counter.incremented', version: 1, source: 'plein/test', aggregateType: 'counter',
  aggregateId: 'c-1', sequence: 3, occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'corr', causationId: 'k', actorId: 'u', data: { by: 1 },
  ...(traceparent ? { traceparent } : {}),
});

describe('relay tracing', () => {
  it('publishes inside a PRODUCER span that continues the append trace and travels in the headers', () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('test');
    const stored = envelope(`00-${TRACE}-b7ad6b7169203331-01`);
    const { record, span } = tracedRecord(tracer, stored, 'test.counter.events.v1');
    endSendSpans([span]);

    const [sent] = exporter.getFinishedSpans();
    expect(sent).toMatchObject({ name: 'send test.counter.events.v1', kind: SpanKind.PRODUCER });
    expect(sent!.spanContext().traceId).toBe(TRACE);
    expect(sent!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(sent!.attributes).toMatchObject({ 'messaging.destination.name': 'test.counter.events.v1', 'messaging.message.id': stored.id, 'messaging.operation.type': 'send' });
    expect(record.headers['traceparent']).toBe(`00-${TRACE}-${sent!.spanContext().spanId}-01`);
    expect(JSON.parse(record.value)).toEqual(stored); // the value stays the stored envelope
  });

  it('keeps the envelope context in the headers without a tracer provider, and adds none without context', () => {
    const noop = trace.getTracer('none');
    expect(tracedRecord(noop, envelope(`00-${TRACE}-b7ad6b7169203331-01`), 't').record.headers['traceparent']).toBe(`00-${TRACE}-b7ad6b7169203331-01`);
    expect(tracedRecord(noop, envelope(), 't').record.headers).not.toHaveProperty('traceparent');
  });

  it('marks the spans of a refused batch as errors', () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('test');
    endSendSpans([tracedRecord(tracer, envelope(), 't').span], new Error('broker down'));
    expect(exporter.getFinishedSpans()[0]).toMatchObject({ status: { code: 2, message: 'publish failed' }, events: [expect.objectContaining({ name: 'exception' })] });
  });
});
