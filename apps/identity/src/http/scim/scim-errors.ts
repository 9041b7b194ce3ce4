import { Catch, HttpException, Inject, Injectable, type ArgumentsHost, type ExceptionFilter, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application, NextFunction, Request, Response } from 'express';
import { NotFoundError, PleinError } from '@plein/shared/kernel';
import { LOGGER, methodNotAllowedFor } from '@plein/shared/platform';
import type { JsonLogger } from '@plein/shared/observability';
import { SCIM_ERROR_SCHEMA, ScimError, toScimErrorResponse, type ScimErrorResponse } from '@plein/identity/domain';
import { RateLimitedError } from '../rate-limiter';
import { SCIM_CONTENT_TYPE } from './scim-http';

export const SCIM_PATH = /^\/scim\/v2(\/|$)/i;

/** Writes any failure as an RFC 7644 §3.12 error (Entra ID and Okta parse `scimType` and `status`). */
export function sendScimError(error: unknown, req: Request, res: Response, logger: JsonLogger): void {
  if (error instanceof RateLimitedError && !res.headersSent) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  const { status, body } = isMethodNotAllowed(error) ? methodNotAllowed(error) : (bodyRefused(error) ?? toScimErrorResponse(asScimError(error)));
  if (status >= 500) logger.error(error instanceof Error ? error : new Error(String(error)), { method: req.method, route: req.path, status });
  if (res.headersSent) return void res.destroy();
  res.status(status).setHeader('Content-Type', SCIM_CONTENT_TYPE);
  res.setHeader('Cache-Control', 'no-store');
  res.send(JSON.stringify(body));
}

const isMethodNotAllowed = (error: unknown): error is HttpException => error instanceof HttpException && error.getStatus() === 405;

/**
 * The platform answers a method a known path lacks (POST /ServiceProviderConfig) with 405 and sets
 * `Allow`; under /scim/v2 the body is the RFC 7644 error (no scimType: Table 9 has none for it).
 */
function methodNotAllowed(error: HttpException): ScimErrorResponse {
  return { status: 405, body: { schemas: [SCIM_ERROR_SCHEMA], status: '405', detail: error.message } };
}

/**
 * A body parser's refusal (the platform's JSON parser, or scimJsonBody): `{ type, status }` with a
 * 4xx status. 400 (unreadable body) is `invalidSyntax`; 413 keeps `invalidValue` as SCIM clients
 * know it; any other 4xx (415 for an unsupported charset or Content-Encoding) answers with its own
 * status and no scimType, which RFC 7644 Table 9 defines only for 400. Never a 500.
 */
function bodyRefused(error: unknown): ScimErrorResponse | undefined {
  const parser = error as { type?: unknown; status?: unknown } | null | undefined;
  if (typeof parser?.type !== 'string' || typeof parser.status !== 'number' || parser.status < 400 || parser.status >= 500) return undefined;
  const { type, status } = parser;
  if (status === 400) return toScimErrorResponse(new ScimError('invalidSyntax', `The request body could not be read (${type})`));
  if (status === 413) return toScimErrorResponse(new ScimError('invalidValue', 'The request body is too large', 413));
  const detail = BODY_REFUSALS[type] ?? `The request body could not be read (${type})`;
  return { status, body: { schemas: [SCIM_ERROR_SCHEMA], status: String(status), detail } };
}

const BODY_REFUSALS: Readonly<Record<string, string>> = {
  'charset.unsupported': 'The charset of the request body is not supported; send UTF-8',
  'encoding.unsupported': 'The Content-Encoding of the request body is not supported',
};

/** Framework and platform errors in SCIM terms (the rest maps by kind in toScimErrorResponse). */
function asScimError(error: unknown): unknown {
  if (error instanceof PleinError && error.code === 'PLATFORM.MALFORMED_BODY') return new ScimError('invalidSyntax', 'The request body is not valid JSON');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new NotFoundError('SCIM.NOT_FOUND', 'No SCIM endpoint at this method and path');
    if (status < 500) return new ScimError('invalidSyntax', error.message);
  }
  return error;
}

/** `@UseFilters(ScimExceptionFilter)` on the SCIM controllers: errors of routes, guards and pipes. */
@Catch()
@Injectable()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger: JsonLogger;

  constructor(@Inject(LOGGER) logger: JsonLogger) {
    this.logger = logger.child('Scim');
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendScimError(error, http.getRequest<Request>(), http.getResponse<Response>(), this.logger);
  }
}

/**
 * Two failures under /scim/v2 happen outside any route, where only the platform's global
 * problem+json handling would see them: a malformed `application/json` body (the platform's
 * parser runs first) and a path no route matches. These Express handlers are added after the
 * routes (module init) and before Nest's own not-found and error handlers (registered after the
 * init hooks), so they answer those two cases in SCIM form and pass everything else on.
 */
@Injectable()
export class ScimFallbacks implements OnModuleInit {
  private readonly logger: JsonLogger;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) logger: JsonLogger,
  ) {
    this.logger = logger.child('Scim');
  }

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Application>();
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (!SCIM_PATH.test(req.path)) return next();
      // A path that has other methods: the platform's 405 with Allow, in SCIM form.
      sendScimError(methodNotAllowedFor(req, res) ?? new NotFoundError('SCIM.NOT_FOUND', 'No SCIM endpoint at this method and path'), req, res, this.logger);
    });
    app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (!SCIM_PATH.test(req.path)) return next(error);
      sendScimError(error, req, res, this.logger);
    });
  }
}
