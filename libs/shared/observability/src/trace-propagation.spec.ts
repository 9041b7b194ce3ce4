import { context, trace } from '@opentelemetry/api';
import { startTelemetry, type Telemetry } from './telemetry';
import { currentTraceHeaders, extractTraceContext, injectTraceHeaders, withTraceHeaders } from './trace-propagation';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace header propagation', () => {
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'test', instrument: false });
  });
  afterAll(() => telemetry.shutdown());

  it('extracts traceparent from Kafka-style Buffer headers, case-insensitively', () => {
    const ctx = extractTraceContext({ TraceParent: Buffer.from(TRACEPARENT), other: undefined });
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', isRemote: true });
  });

  it('injects the active span into a plain headers record', () => {
    const headers = withTraceHeaders({ traceparent: TRACEPARENT }, () =>
      trace.getTracer('test').startActiveSpan('consume', (span) => {
        const out = injectTraceHeaders({ 'content-type': 'application/json' });
        span.end();
        return out;
      }),
    );
    expect(headers['content-type']).toBe('application/json');
    expect(headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it('returns nothing when no span is active', () => {
    expect(currentTraceHeaders(context.active())).toEqual({});
    expect(injectTraceHeaders({})).toEqual({});
  });

  it('ignores malformed traceparent values', () => {
    expect(trace.getSpanContext(extractTraceContext({ traceparent: 'garbage' }))).toBeUndefined();
  });
});
