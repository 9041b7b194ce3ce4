import { SpanKind } from '@opentelemetry/api';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { SpanRecord, TraceReport } from './support/trace-scenario';

/**
 * Issue test 6 end to end: HTTP request → event store → relay → Kafka headers → consumer → the
 * consumer's next HTTP call form one trace, and the consumer's JSON log line carries that trace id
 * and the request's correlation id. The flow runs in its own Node process (support/trace-scenario.ts)
 * with the services' telemetry: http instrumentation must load before `node:http`, which Jest's
 * module sandbox cannot arrange.
 */
const ROOT = resolve(__dirname, '../../..');
const SCENARIO = join(__dirname, 'support/trace-scenario.ts');

async function runScenario(): Promise<TraceReport> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', SCENARIO], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'test/backbone/tsconfig.json'), OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`the scenario printed no report:\n${stdout}`);
  return JSON.parse(line.slice('REPORT '.length)) as TraceReport;
}

describe('one trace from an HTTP request to the consumer and its next call (real servers)', () => {
  let report: TraceReport;
  beforeAll(async () => {
    report = await runScenario();
  }, 150_000);

  const only = (kind: SpanKind, name: (n: string) => boolean): SpanRecord => {
    const found = report.spans.filter((s) => s.kind === kind && name(s.name));
    expect(found.map((s) => s.name)).toHaveLength(1);
    return found[0]!;
  };

  it('continues the request trace through the relay, Kafka and the consumer into its next call', () => {
    const request = only(SpanKind.SERVER, (n) => n.startsWith('POST'));
    const send = only(SpanKind.PRODUCER, (n) => n === `send ${report.topic}`);
    const consume = only(SpanKind.CONSUMER, (n) => n === `process ${report.topic}`);
    const nextClient = only(SpanKind.CLIENT, (n) => n.startsWith('GET'));
    const nextServer = only(SpanKind.SERVER, (n) => n.startsWith('GET'));
    const traceId = request.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // One trace; each hop is the child of the one before.
    for (const span of [send, consume, nextClient, nextServer]) expect([span.name, span.traceId]).toEqual([span.name, traceId]);
    expect(send.parentSpanId).toBe(request.spanId);
    expect(consume.parentSpanId).toBe(send.spanId);
    expect(nextClient.parentSpanId).toBe(consume.spanId);
    expect(nextServer.parentSpanId).toBe(nextClient.spanId);
    expect(report.nextCalls).toEqual([{ traceparent: `00-${traceId}-${nextClient.spanId}-01`, correlationId: 'corr-trace-1' }]);
    // The stored event carries the request's context (the Kafka header carries the send span's).
    expect(report.stored).toMatchObject({ traceparent: `00-${traceId}-${request.spanId}-01`, correlationId: 'corr-trace-1' });
  });

  it("writes the consumer's JSON log line with the trace id and the request's correlation id", () => {
    const consume = only(SpanKind.CONSUMER, (n) => n === `process ${report.topic}`);
    const lines = report.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['msg'] === 'counter incremented')).toMatchObject({
      level: 'info', context: 'CounterConsumer', traceId: consume.traceId, spanId: consume.spanId, correlationId: 'corr-trace-1',
      eventId: report.stored.id, aggregateId: 'traced',
    });
  });
});
