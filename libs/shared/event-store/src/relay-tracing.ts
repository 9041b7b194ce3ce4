import { defaultTextMapSetter, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope, extractTraceContext, HEADER, type KafkaRecord } from '@plein/shared/messaging';

/** W3C is the wire format of the envelope and headers, whatever global propagator the process has. */
const propagator = new W3CTraceContextPropagator();

export interface TracedRecord {
  readonly record: KafkaRecord;
  /** The PRODUCER span of this message's publication; end it with `endSendSpans`. */
  readonly span: Span;
}

/**
 * Encodes an envelope for Kafka inside a PRODUCER span `send <topic>` that continues the trace the
 * event was appended in (the envelope's `traceparent`, captured from the command's metadata).
 * The span's context replaces `traceparent` in the headers (OpenTelemetry messaging conventions:
 * the consumer's span is a child of the send span), so one trace shows request → relay →
 * consumer → the consumer's next call. The value keeps the envelope exactly as stored.
 * Without a registered tracer provider the span is a no-op carrying the parent's context, and
 * the headers equal the envelope's.
 */
export function tracedRecord(tracer: Tracer, envelope: EventEnvelope, topic: string): TracedRecord {
  const parent = extractTraceContext({}, envelope);
  const span = tracer.startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': topic,
        'messaging.kafka.message.key': envelope.aggregateId,
        'messaging.message.id': envelope.id,
        'plein.event.type': envelope.type,
        'plein.event.version': envelope.version,
        'plein.event.sequence': envelope.sequence,
      },
    },
    parent,
  );
  const record = encodeEnvelope(envelope);
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(parent, span), carrier, defaultTextMapSetter);
  if (carrier[HEADER.traceparent]) {
    record.headers[HEADER.traceparent] = carrier[HEADER.traceparent];
    if (carrier[HEADER.tracestate]) record.headers[HEADER.tracestate] = carrier[HEADER.tracestate];
    else delete record.headers[HEADER.tracestate];
  }
  return { record, span };
}

/** Ends the send spans once Kafka acknowledged the batch (or refused it: `error`). */
export function endSendSpans(spans: readonly Span[], error?: unknown): void {
  for (const span of spans) {
    if (error === undefined) span.setStatus({ code: SpanStatusCode.OK });
    else {
      span.recordException(error instanceof Error ? error : new Error(String(error)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'publish failed' });
    }
    span.end();
  }
}
