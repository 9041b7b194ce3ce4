import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MongoEventStore, OutboxRelay } from '@plein/shared/event-store';
import { EventProcessor, UNCHECKED_CONTRACTS } from '@plein/shared/messaging';
import { currentTraceHeaders, getRequestContext, JsonLogger, runWithRequestContext } from '@plein/shared/observability';
import { cleanupKafka, dropConnection, increment, testConnection, testKafka, uniqueName, waitFor } from './backbone-kit';
import type { SpanRecord, TraceReport } from './trace-scenario';

/**
 * Request → append → relay → Kafka → consumer → the consumer's next HTTP call, on the real
 * servers. The command endpoint puts the request's trace context and correlation id into the
 * command metadata, as services do; the consumer logs with JsonLogger and calls another endpoint.
 */
export async function runScenario(finishedSpans: () => SpanRecord[]): Promise<TraceReport> {
  const service = uniqueName('bbtrace');
  const topic = uniqueName('bbtrace.counter.events.');
  const connection = await testConnection();
  const kafka = testKafka();
  const admin = kafka.admin();
  const servers: Server[] = [];
  let relay: OutboxRelay | undefined;
  let processor: EventProcessor | undefined;
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const store = new MongoEventStore({ connection, service });
    await store.init();
    relay = new OutboxRelay({ store, kafka, topicFor: () => topic, pollIntervalMs: 100 });
    await relay.start();

    const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<string> => {
      const server = http.createServer((req, res) => {
        handler(req, res).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const nextCalls: TraceReport['nextCalls'][number][] = [];
    const nextUrl = await listen(async (req, res) => {
      nextCalls.push({ traceparent: req.headers['traceparent'] as string | undefined, correlationId: req.headers['x-correlation-id'] as string | undefined });
      res.end('ok');
    });
    const commandUrl = await listen(async (req, res) => {
      const correlationId = String(req.headers['x-correlation-id']);
      await runWithRequestContext({ correlationId }, () =>
        increment(store, 'traced', 3, String(req.headers['idempotency-key']), { correlationId, ...currentTraceHeaders() }),
      );
      res.statusCode = 202;
      res.end();
    });

    const logLines: string[] = [];
    const logger = new JsonLogger({ service: 'backbone-trace-test', context: 'CounterConsumer', write: (line) => logLines.push(line) });
    processor = new EventProcessor({
      kafka, service, processor: 'counter-notifier', topics: [topic], registry: UNCHECKED_CONTRACTS, fromBeginning: true, logger,
      handlers: {
        'test.counter.incremented': async (event) => {
          logger.info('counter incremented', { eventId: event.id, type: event.type, aggregateId: event.aggregateId });
          const correlationId = getRequestContext()?.correlationId ?? 'missing';
          if ((await call(`${nextUrl}/next`, 'GET', { 'x-correlation-id': correlationId })) !== 200) throw new Error('next call failed');
        },
      },
    });
    await processor.start();

    const status = await call(`${commandUrl}/counters/traced/increment`, 'POST', { 'x-correlation-id': 'corr-trace-1', 'idempotency-key': 'key-trace-1' });
    if (status !== 202) throw new Error(`command answered ${status}`);
    await waitFor(() => nextCalls.length === 1, 30_000, 'the consumer to make its next call');
    await waitFor(() => finishedSpans().filter((s) => s.kind === 1).length >= 2, 10_000, 'both server spans');
    const [stored] = (await store.readStream('counter-traced'))!.events;
    return { spans: finishedSpans(), logLines, stored: { id: stored!.id, traceparent: stored!.traceparent, correlationId: stored!.correlationId }, nextCalls, topic };
  } finally {
    await relay?.stop().catch(() => undefined);
    await processor?.stop().catch(() => undefined);
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await cleanupKafka(admin, [topic, ...(processor ? [processor.deadLetterTopic] : [])], processor ? [processor.group] : []);
    await admin.disconnect();
    await dropConnection(connection);
  }
}

function call(url: string, method: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}
