import type { ServerResponse } from 'node:http';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { getRequestContext, type JsonLogger } from '@plein/shared/observability';
import { methodNotAllowedInstead } from '../http/method-not-allowed.middleware';
import { hasTimedOut } from '../http/request-timeout.middleware';
import { sendProblem, toProblem } from './problem-details';

interface RequestLike {
  readonly method?: string;
  readonly originalUrl?: string;
  readonly url?: string;
  /** Set by the router when a route took the request. */
  readonly route?: unknown;
}

/**
 * Global filter: every error of an HTTP request becomes application/problem+json. Registered for
 * everything (`@Catch()`), so unknown routes (Nest's NotFoundException) and body-parser errors
 * take the same path as domain errors. An unknown route whose path has other methods answers 405
 * with `Allow` instead of 404 (methodNotAllowedInstead: the only place routes are matched for it).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw thrown; // Kafka/RPC contexts handle their own failures.
    const http = host.switchToHttp();
    const req = http.getRequest<RequestLike>();
    const res = http.getResponse<ServerResponse>();
    if (hasTimedOut(res)) return; // answered 503 by the time budget; a late failure has nobody to tell
    // An unknown route's 404 is a 405 (with Allow) when the path has other methods.
    const error = methodNotAllowedInstead(thrown, req as never, res);
    // The path only: query strings may carry personal data and belong to no problem occurrence.
    const instance = (req.originalUrl ?? req.url ?? '').split('?')[0];
    const { problem, unexpected } = toProblem(error, { instance, correlationId: getRequestContext()?.correlationId });

    if (unexpected) {
      this.logger.error(error instanceof Error ? error : new Error(String(error)), { method: req.method, route: instance, status: problem.status });
    } else if (problem.status >= 500) {
      this.logger.warn(problem.detail ?? problem.title, { code: problem.code, status: problem.status, route: instance });
    }
    if (res.headersSent) {
      res.destroy(); // too late for a problem body; cut the response so the client sees a failure
      return;
    }
    sendProblem(res, problem);
  }
}
