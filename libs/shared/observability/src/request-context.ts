import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request (or per-message) context that must reach the logger without being threaded through
 * every call. The HTTP middleware and the Kafka consumers open one; everything awaited inside sees it.
 */
export interface CorrelationContext {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export function runWithRequestContext<T>(context: CorrelationContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function getRequestContext(): CorrelationContext | undefined {
  return storage.getStore();
}

/**
 * Accepts a caller-supplied correlation id only if it is short and plain, because it is echoed
 * into response headers and every log line (header/log injection otherwise).
 */
export function isAcceptableCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value);
}
