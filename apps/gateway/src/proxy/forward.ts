import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { JsonLogger } from '@plein/shared/observability';
import { injectTraceHeaders } from '@plein/shared/observability';
import { sendProblem, type ProblemDetails, problemType } from '@plein/shared/platform';

/** Connection-level headers, never forwarded in either direction (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Request headers the browser may not pass to a service: credentials (the gateway sets Authorization itself), cookies, forwarding claims, the CSRF proof, trace context (the gateway's span is the parent). */
const DROPPED_REQUEST = new Set(['host', 'authorization', 'cookie', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'x-plein-csrf', 'traceparent', 'tracestate', 'baggage', 'x-correlation-id', 'x-request-id']);

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers['connection'];
  return new Set((Array.isArray(value) ? value.join(',') : value ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
}

/** The browser's request headers a service may see. */
export function forwardableRequestHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = connectionTokens(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || DROPPED_REQUEST.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** A service's response headers the browser may see (`set-cookie` only where `keepCookies`; never a CORS grant: the browser's only origin is the gateway's). */
export function forwardableResponseHeaders(headers: IncomingHttpHeaders, keepCookies: boolean): OutgoingHttpHeaders {
  const named = connectionTokens(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    if ((name === 'set-cookie' && !keepCookies) || name.startsWith('access-control-')) continue;
    out[name] = value;
  }
  return out;
}

export const gatewayProblem = (status: number, code: string, title: string, detail: string, instance: string, correlationId?: string): ProblemDetails => ({
  type: problemType(code),
  title,
  status,
  detail,
  instance,
  code,
  ...(correlationId ? { correlationId } : {}),
});

export interface ForwardOptions {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly target: URL;
  readonly headers: OutgoingHttpHeaders;
  readonly maxBodyBytes: number;
  readonly logger: JsonLogger;
  /** The path the problem documents name (`instance`). */
  readonly instance: string;
  readonly correlationId?: string;
  /** Response headers to send (the service's, filtered), given the service's status and headers; may rewrite cookies. */
  readonly responseHeaders: (status: number, upstream: IncomingHttpHeaders) => OutgoingHttpHeaders;
}

/**
 * Proxies one request: the body streams through (at most `maxBodyBytes`, else 413), the answer
 * streams back unbuffered (Server-Sent Events flow event by event), a client that goes away ends
 * the upstream request, and a service that cannot be reached is a problem: 503 when nothing
 * listens (connection refused, unknown host), 502 when it broke off or answered garbage.
 */
export function forward(options: ForwardOptions): Promise<void> {
  const { req, res, target, logger } = options;
  const problem = (status: number, code: string, title: string, detail: string, headers: Record<string, string> = {}): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, gatewayProblem(status, code, title, detail, options.instance, options.correlationId), headers);
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxBodyBytes) {
    problem(413, 'GATEWAY.PAYLOAD_TOO_LARGE', 'Content Too Large', `The request body is larger than ${options.maxBodyBytes} bytes`);
    req.resume();
    return Promise.resolve();
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    const upstream = send(target, { method: req.method, headers: injectTraceHeaders(options.headers as Record<string, string>) });
    let upstreamResponse: IncomingMessage | undefined;
    upstream.on('response', (answer) => {
      upstreamResponse = answer;
      const status = answer.statusCode ?? 502;
      res.writeHead(status, options.responseHeaders(status, answer.headers));
      if (String(answer.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        // Events reach the browser as they come: no Nagle delay, headers out before the first event.
        res.socket?.setNoDelay(true);
        res.flushHeaders();
      }
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('end', finish);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (done) return;
      const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(error.code ?? '');
      logger.warn('upstream request failed', { url: target.origin, route: options.instance, reason: error.code ?? error.message });
      if (unreachable) problem(503, 'GATEWAY.UPSTREAM_UNAVAILABLE', 'Service Unavailable', 'The service behind this path is not reachable; retry shortly', { 'retry-after': '5' });
      else problem(502, 'GATEWAY.BAD_GATEWAY', 'Bad Gateway', 'The service behind this path broke off its answer');
      finish();
    });
    // The browser went away (or the time budget answered): stop the upstream request and stream too.
    res.on('close', () => {
      if (!res.writableFinished) {
        upstream.destroy();
        upstreamResponse?.destroy();
      }
      finish();
    });

    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        upstream.destroy();
        done = true;
        problem(413, 'GATEWAY.PAYLOAD_TOO_LARGE', 'Content Too Large', `The request body is larger than ${options.maxBodyBytes} bytes`);
        resolve();
        return;
      }
      if (!upstream.write(chunk)) req.pause();
    });
    upstream.on('drain', () => req.resume());
    req.on('end', () => {
      if (size <= options.maxBodyBytes) upstream.end();
    });
    req.on('error', () => upstream.destroy());
  });
}
