import { context, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Admin, Kafka } from 'kafkajs';
import { EventProcessor } from './event-processor';
import { UNCHECKED_CONTRACTS } from './processor-types';
import { cleanupKafka, createTopics, publish, testEnvelope, testKafka, uniqueName, waitFor } from './testing/int-kit';

describe('EventProcessor tracing (real Kafka)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let kafka: Kafka;
  let admin: Admin;
  let processor: EventProcessor | undefined;
  const topic = uniqueName('test.note.events.v1');

  beforeAll(async () => {
    // Registered globally, as the observability lib does in the apps: the processor uses the global tracer.
    trace.setGlobalTracerProvider(provider);
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic]);
  });
  afterAll(async () => {
    await processor?.stop();
    await cleanupKafka(admin, [topic, ...(processor ? [processor.deadLetterTopic] : [])], processor ? [processor.group] : []);
    await admin.disconnect();
    await provider.shutdown();
    trace.disable();
  });

  it('handles each message in a CONSUMER span that continues the producer trace', async () => {
    // The producer side: a span whose context travels as the `traceparent` header.
    const producerSpan = provider.getTracer('producer').startSpan('publish', { kind: SpanKind.PRODUCER });
    const carrier: Record<string, string> = {};
    new W3CTraceContextPropagator().inject(trace.setSpan(context.active(), producerSpan), carrier, { set: (c, k, v) => (c[k] = v) });
    producerSpan.end();
    const envelope = testEnvelope({ aggregateId: 'n-1', sequence: 1, data: { text: 'traced' }, traceparent: carrier['traceparent'] });
    // Headers only: prove the header (not the envelope field) is what is read.
    await publish(kafka, topic, [{ key: 'n-1', value: JSON.stringify({ ...envelope, traceparent: undefined }), headers: { traceparent: carrier['traceparent']!, ce_type: envelope.type } }]);

    let activeTraceId: string | undefined;
    processor = new EventProcessor({
      kafka, service: 'test', processor: uniqueName('traced'), topics: [topic], registry: UNCHECKED_CONTRACTS, fromBeginning: true,
      handlers: { 'test.note.written': async (_e, ctx) => void (activeTraceId = ctx.span.spanContext().traceId) },
    });
    await processor.start();
    await waitFor(() => exporter.getFinishedSpans().some((s) => s.kind === SpanKind.CONSUMER), 20_000, 'the consumer span');

    const consumerSpan = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CONSUMER)!;
    expect(consumerSpan.spanContext().traceId).toBe(producerSpan.spanContext().traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producerSpan.spanContext().spanId);
    expect(consumerSpan.name).toBe(`process ${topic}`);
    expect(consumerSpan.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': processor.group,
      'messaging.message.id': envelope.id,
      'plein.event.type': 'test.note.written',
    });
    expect(activeTraceId).toBe(producerSpan.spanContext().traceId);
  });
});
