import type { IncomingMessage, ServerResponse } from 'node:http';
import { uuidv7 } from '@plein/shared/kernel';
import { isAcceptableCorrelationId, runWithRequestContext } from '@plein/shared/observability';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * Opens the request context: the caller's `x-correlation-id` when it is a plain token, else a
 * new UUIDv7; echoed on the response. Runs before the body parser, so even a malformed-body
 * problem carries the id.
 */
export function requestContextMiddleware(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  const incoming = req.headers[CORRELATION_ID_HEADER];
  const correlationId = isAcceptableCorrelationId(incoming) ? incoming : uuidv7();
  res.setHeader(CORRELATION_ID_HEADER, correlationId);
  runWithRequestContext({ correlationId }, () => next());
}
