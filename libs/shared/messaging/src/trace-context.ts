import { ROOT_CONTEXT, defaultTextMapGetter, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EventEnvelope } from '@plein/shared/kernel';
import { HEADER } from './kafka-codec';

/**
 * W3C trace context is the wire format (the codec copies `traceparent`/`tracestate` into
 * headers), so the consumer extracts it with the W3C propagator directly instead of relying on
 * whichever global propagator the process registered (possibly none, in tests and CLIs).
 */
const propagator = new W3CTraceContextPropagator();

/**
 * The producer's context: from the headers first (available even when the value does not
 * parse), else from the envelope's own `traceparent`. ROOT_CONTEXT when neither is valid.
 */
export function extractTraceContext(headers: Readonly<Record<string, string>>, envelope?: Pick<EventEnvelope, 'traceparent' | 'tracestate'>): Context {
  const fromHeaders = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  if (trace.getSpanContext(fromHeaders) || !envelope?.traceparent) return fromHeaders;
  const carrier: Record<string, string> = { [HEADER.traceparent]: envelope.traceparent };
  if (envelope.tracestate) carrier[HEADER.tracestate] = envelope.tracestate;
  return propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}
