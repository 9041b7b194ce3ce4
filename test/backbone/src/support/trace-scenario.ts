/**
 * The trace scenario of trace.e2e.spec.ts, run as its own Node process the way services run:
 * telemetry (http instrumentation + an in-memory exporter) starts before `node:http` is loaded,
 * which Jest's module sandbox cannot provide. Prints one line `REPORT <json>` with the finished
 * spans, the consumer's log lines, the stored event and what the next call received.
 *
 *   SWC_NODE_PROJECT=test/backbone/tsconfig.json node -r @swc-node/register test/backbone/src/support/trace-scenario.ts
 */
import { InMemorySpanExporter, startTelemetry } from '@plein/shared/observability';

const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: 'backbone-trace-test', instrument: true, spanExporters: [exporter] });

export interface SpanRecord {
  readonly kind: number;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
}

export interface TraceReport {
  readonly spans: readonly SpanRecord[];
  readonly logLines: readonly string[];
  readonly stored: { readonly id: string; readonly traceparent?: string; readonly correlationId: string };
  readonly nextCalls: readonly { readonly traceparent?: string; readonly correlationId?: string }[];
  readonly topic: string;
}

async function main(): Promise<void> {
  // Loaded only now, after the instrumentation is registered (as tools/runtime/register.ts arranges).
  const { runScenario } = await import('./trace-flow');
  const report = await runScenario(() =>
    exporter.getFinishedSpans().map((s) => ({ kind: s.kind, name: s.name, traceId: s.spanContext().traceId, spanId: s.spanContext().spanId, parentSpanId: s.parentSpanContext?.spanId })),
  );
  await telemetry.shutdown();
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
