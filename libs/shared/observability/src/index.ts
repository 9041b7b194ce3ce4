export * from './json-logger';
export * from './request-context';
export * from './telemetry';
export * from './trace-propagation';
export { DEFAULT_LOG_FIELDS, redact } from './redact';
// Re-exported so tests capture spans without depending on the SDK package directly.
export { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
