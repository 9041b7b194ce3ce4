import { context, ROOT_CONTEXT, trace, type Context, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** Header values as kafkajs (and node http) present them. */
export type HeaderValue = string | Buffer | readonly (string | Buffer)[] | undefined;
export type HeaderCarrier = Readonly<Record<string, HeaderValue>>;

/**
 * A propagator of our own rather than the global one: traceparent must reach Kafka headers and
 * the envelope even when no SDK is registered (unit tests, tools), and W3C tracecontext is the
 * only format the envelope carries.
 */
const w3c = new W3CTraceContextPropagator();

const getter: TextMapGetter<HeaderCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const found = Object.keys(carrier).find((k) => k.toLowerCase() === key);
    const value = found === undefined ? undefined : carrier[found];
    if (value === undefined) return undefined;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** Adds `traceparent` (and `tracestate`) for the span active in `ctx` to `headers` and returns it. */
export function injectTraceHeaders<T extends Record<string, string | Buffer | undefined>>(headers: T, ctx: Context = context.active()): T & { traceparent?: string; tracestate?: string } {
  w3c.inject(ctx, headers, {
    set: (carrier, key, value) => {
      (carrier as Record<string, string>)[key] = value;
    },
  });
  return headers;
}

/** The trace context carried by `headers`, layered on `base` (active context by default). */
export function extractTraceContext(headers: HeaderCarrier, base: Context = context.active()): Context {
  return w3c.extract(base, headers, getter);
}

/** Runs `fn` as a continuation of the trace in `headers` (a consumer handling a message). */
export function withTraceHeaders<T>(headers: HeaderCarrier, fn: () => T): T {
  return context.with(extractTraceContext(headers, ROOT_CONTEXT), fn);
}

/** traceparent/tracestate of the active span, for the event envelope; empty when no span is active. */
export function currentTraceHeaders(ctx: Context = context.active()): { traceparent?: string; tracestate?: string } {
  if (!trace.getSpan(ctx)) return {};
  return injectTraceHeaders<Record<string, string>>({}, ctx);
}
