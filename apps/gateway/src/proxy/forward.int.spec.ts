import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { JsonLogger, startTelemetry, withTraceHeaders, type Telemetry } from '@plein/shared/observability';
import { forward, forwardableRequestHeaders, forwardableResponseHeaders } from './forward';

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${CLIENT_TRACE}-b7ad6b7169203331-01`;
const silent = new JsonLogger({ service: 'gateway-test', level: 'fatal', write: () => undefined });

const listen = async (server: Server): Promise<string> => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/**
 * The proxy hop on loopback servers (no shared servers needed): trace context across the hop,
 * Server-Sent Events unbuffered, the upstream request closed when the client leaves, the body bound
 * while streaming, and problems for a service that is down or breaks off.
 */
describe('forward: the proxy hop', () => {
  let telemetry: Telemetry;
  let upstream: Server;
  let upstreamUrl: string;
  let proxy: Server;
  let proxyUrl: string;
  const seen: { headers: IncomingHttpHeaders; closed: boolean }[] = [];
  let releaseSecondEvent: () => void = () => undefined;

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'gateway-test', instrument: false });
    upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
      const entry = { headers: req.headers, closed: false };
      seen.push(entry);
      res.on('close', () => (entry.closed = true));
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        releaseSecondEvent = () => res.write('data: second\n\n');
        return; // stays open until the client leaves
      }
      if (req.url === '/break') {
        req.socket.destroy();
        return;
      }
      let size = 0;
      req.on('data', (c: Buffer) => (size += c.length));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'evil=1', connection: 'close' });
        res.end(JSON.stringify({ size }));
      });
    });
    upstreamUrl = await listen(upstream);
    proxy = createServer((req, res) => {
      // What the http instrumentation does for a real server: a SERVER span continuing the caller's trace.
      withTraceHeaders(req.headers, () =>
        trace.getTracer('test').startActiveSpan('server', (span) => {
          const target = new URL(req.url === '/down' ? 'http://127.0.0.1:1/x' : `${upstreamUrl}${req.url}`);
          void forward({ req, res, target, headers: forwardableRequestHeaders(req.headers), maxBodyBytes: 1024, logger: silent, instance: req.url ?? '/', responseHeaders: (_s, h) => forwardableResponseHeaders(h, false) }).finally(() => span.end());
        }),
      );
    });
    proxyUrl = await listen(proxy);
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    upstream.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await new Promise((resolve) => upstream.close(resolve));
    await telemetry.shutdown();
  });

  it('continues the caller\'s trace in the service (the proxy\'s span is the parent) and drops the service\'s cookies', async () => {
    const res = await fetch(`${proxyUrl}/json`, { headers: { traceparent: TRACEPARENT } });
    expect(await res.json()).toEqual({ size: 0 });
    expect(res.headers.get('set-cookie')).toBeNull();
    const forwarded = String(seen.at(-1)?.headers.traceparent);
    expect(forwarded).toMatch(new RegExp(`^00-${CLIENT_TRACE}-[0-9a-f]{16}-01$`));
    expect(forwarded).not.toBe(TRACEPARENT);
  });

  it('passes Server-Sent Events through as they come and closes the service\'s stream when the client leaves', async () => {
    const controller = new AbortController();
    const res = await fetch(`${proxyUrl}/events`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    // The second event is written only after the first arrived: a buffering proxy would hang here.
    expect(decoder.decode((await reader.read()).value)).toBe('data: first\n\n');
    releaseSecondEvent();
    expect(decoder.decode((await reader.read()).value)).toBe('data: second\n\n');
    const stream = seen.at(-1)!;
    expect(stream.closed).toBe(false);
    controller.abort();
    for (const deadline = Date.now() + 2_000; !stream.closed && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.closed).toBe(true);
  });

  it('streams a body up to the limit and answers 413 beyond it, also without Content-Length', async () => {
    const ok = await fetch(`${proxyUrl}/json`, { method: 'POST', body: 'x'.repeat(1024) });
    expect(await ok.json()).toEqual({ size: 1024 });
    const declared = await fetch(`${proxyUrl}/json`, { method: 'POST', body: 'x'.repeat(1025) });
    expect(declared.status).toBe(413);
    // Chunked: the limit is counted while streaming.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${proxyUrl}/json`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('y'.repeat(512));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 503 when nothing listens and 502 when the service breaks off, as problem+json', async () => {
    const down = await fetch(`${proxyUrl}/down`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE', status: 503 });
    const broken = await fetch(`${proxyUrl}/break`);
    expect(broken.status).toBe(502);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
    expect(await broken.json()).toMatchObject({ code: 'GATEWAY.BAD_GATEWAY' });
  });
});
