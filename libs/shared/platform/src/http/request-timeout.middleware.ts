import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonLogger } from '@plein/shared/observability';
import { getRequestContext } from '@plein/shared/observability';
import { PleinError } from '@plein/shared/kernel';
import { sendProblem, toProblem } from '../problem/problem-details';
import { requestPath } from './request-path';

export const REQUEST_TIMEOUT_CODE = 'PLATFORM.REQUEST_TIMEOUT';

/** The request outlived its time budget (503 through the shared problem mapping). */
export class RequestTimeoutError extends PleinError {
  readonly kind = 'unavailable' as const;
  readonly code = REQUEST_TIMEOUT_CODE;
  constructor(budgetMs: number) {
    super(`The request took longer than ${budgetMs} ms; retry later`);
  }
}
const timedOut = new WeakSet<ServerResponse>();

/** True once the time budget answered this response; whatever the handler writes later is dropped. */
export const hasTimedOut = (res: ServerResponse): boolean => timedOut.has(res);

/**
 * The request time budget: past `budgetMs` without a response, the client gets a 503 problem
 * (`PLATFORM.REQUEST_TIMEOUT`, Retry-After) and a warn line names the route. The handler keeps
 * running (its work may still commit, as with a dropped connection); its late answer is discarded:
 * the response's write methods become no-ops and the problem filter leaves it alone.
 */
export function requestTimeoutMiddleware(budgetMs: number, logger: JsonLogger) {
  const retryAfter = String(Math.max(1, Math.ceil(budgetMs / 1000)));
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: (error?: unknown) => void): void => {
    const timer = setTimeout(() => {
      if (res.headersSent || res.writableEnded) return;
      const route = requestPath(req.originalUrl ?? req.url ?? '');
      const correlationId = getRequestContext()?.correlationId;
      logger.warn('request time budget exceeded; answered 503', { code: REQUEST_TIMEOUT_CODE, method: req.method, route, status: 503, durationMs: budgetMs });
      sendProblem(res, toProblem(new RequestTimeoutError(budgetMs), { instance: route, ...(correlationId ? { correlationId } : {}) }).problem, { 'retry-after': retryAfter });
      discardLateWrites(res);
    }, budgetMs);
    const clear = (): void => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

function discardLateWrites(res: ServerResponse): void {
  timedOut.add(res);
  const self = res as unknown as Record<string, unknown>;
  for (const name of ['setHeader', 'appendHeader', 'removeHeader', 'writeHead', 'flushHeaders']) self[name] = () => res;
  self['write'] = () => true;
  self['end'] = () => res;
}
