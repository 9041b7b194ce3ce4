import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { JsonLogger, type JsonLoggerOptions } from './json-logger';
import { runWithRequestContext } from './request-context';
import { startTelemetry, type Telemetry } from './telemetry';

const NOW = new Date('2026-03-01T12:00:00.000Z');

function capture(options: Partial<JsonLoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = new JsonLogger({ service: 'feed', now: () => NOW, write: (l) => lines.push(l), ...options });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('JsonLogger', () => {
  let telemetry: Telemetry;
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'feed', instrument: false, spanExporters: [exporter] });
  });
  afterAll(() => telemetry.shutdown());

  it('writes one JSON object per line with the base fields', () => {
    const { logger, lines, records } = capture();
    logger.log('Nest application started', 'NestApplication');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(records()[0]).toEqual({ time: NOW.toISOString(), level: 'info', service: 'feed', context: 'NestApplication', msg: 'Nest application started' });
  });

  it('adds traceId and spanId of the active span and the request correlationId', () => {
    const { logger, records } = capture({ context: 'PublishPost' });
    const tracer = trace.getTracer('test');
    const ids = runWithRequestContext({ correlationId: 'corr-1' }, () =>
      tracer.startActiveSpan('publish', (span) => {
        logger.info('post published', { eventId: 'e-1', type: 'feed.post.published', aggregateId: 'p-1' });
        span.end();
        return span.spanContext();
      }),
    );
    expect(records()[0]).toMatchObject({
      msg: 'post published',
      context: 'PublishPost',
      traceId: ids.traceId,
      spanId: ids.spanId,
      correlationId: 'corr-1',
      eventId: 'e-1',
      type: 'feed.post.published',
      aggregateId: 'p-1',
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('omits trace fields when no span is active', () => {
    const { logger, records } = capture();
    logger.warn('no span');
    expect(records()[0]).not.toHaveProperty('traceId');
    expect(records()[0]).not.toHaveProperty('correlationId');
  });

  it('drops fields that are not allow-listed and nested objects, and scrubs personal data from text', () => {
    const { logger, records } = capture();
    logger.warn({ msg: 'login failed for ada@example.org', email: 'ada@example.org', body: { password: 'x' }, eventId: { nested: true }, status: 401 });
    const [record] = records();
    expect(record).toEqual(expect.objectContaining({ msg: 'login failed for [email]', status: 401 }));
    expect(record).not.toHaveProperty('email');
    expect(record).not.toHaveProperty('body');
    expect(record).not.toHaveProperty('eventId');
    expect(JSON.stringify(record)).not.toContain('ada@');
  });

  it('serializes errors the way Nest passes them: (message, stack, context) or an Error', () => {
    const { logger, records } = capture();
    const boom = new Error('connect to mongodb://app:s3cret@db failed');
    logger.error('Unhandled', boom.stack, 'ExceptionsHandler');
    logger.error(boom);
    const [first, second] = records();
    expect(first).toMatchObject({ level: 'error', context: 'ExceptionsHandler', msg: 'Unhandled' });
    expect((first!['err'] as { stack: string }).stack).toContain('mongodb://[redacted]@db');
    expect(second).toMatchObject({ msg: 'connect to mongodb://[redacted]@db failed', err: { name: 'Error' } });
    expect(JSON.stringify(records())).not.toContain('s3cret');
  });

  it('honours the level threshold and Nest setLogLevels', () => {
    const { logger, records } = capture({ level: 'warn' });
    logger.log('hidden');
    logger.debug('hidden');
    logger.error('shown');
    logger.setLogLevels(['debug']);
    logger.debug('now shown');
    logger.error('now hidden');
    expect(records().map((r) => r['msg'])).toEqual(['shown', 'now shown']);
  });

  it('child loggers keep service and sink but change context', () => {
    const { logger, records } = capture();
    logger.child('OutboxRelay').info('published', { count: 3 });
    expect(records()[0]).toMatchObject({ service: 'feed', context: 'OutboxRelay', count: 3 });
  });
});
