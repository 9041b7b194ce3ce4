import type { ServerResponse } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { PleinError, ValidationError, type ErrorKind, type FieldViolation } from '@plein/shared/kernel';

/** RFC 9457 problem details plus Plein's extension members. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Stable dotted code clients may branch on, e.g. FEED.POST_NOT_FOUND. */
  readonly code: string;
  /** Validation failures, each naming the offending input (`body`, `body.title`, `query.limit`). */
  readonly errors?: readonly FieldViolation[];
  readonly correlationId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** `type` is a URN derived from the stable code: unique and stable without hosting docs. */
export const problemType = (code: string): string => `urn:plein:problem:${code}`;

/**
 * Validation errors map to 400, not 422: the same status whether the body, the query or a path
 * parameter is wrong (422 only fits a well-formed body), and the same as malformed JSON, so
 * clients handle "fix your request" in one place. The `errors` member says what to fix.
 */
export const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  precondition: 412,
  'rate-limited': 429,
  unavailable: 503,
};

const TITLE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const titleOf = (status: number): string => TITLE_BY_STATUS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/** PLATFORM.NOT_FOUND, PLATFORM.METHOD_NOT_ALLOWED, … from Nest's HttpStatus names. */
const platformCode = (status: number): string => `PLATFORM.${HttpStatus[status] ?? (status >= 500 ? 'SERVER_ERROR' : 'CLIENT_ERROR')}`;

/** Errors raised by Express' body parser (http-errors with a `type`), see bodyErrorsMiddleware. */
interface BodyParserError {
  readonly type: string;
  readonly status: number;
  readonly expose?: boolean;
}
const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { status?: unknown }).status === 'number';

export interface ProblemContext {
  readonly instance?: string;
  readonly correlationId?: string;
}

/** Result of mapping: the problem and whether it is unexpected (to be logged with its stack). */
export interface MappedProblem {
  readonly problem: ProblemDetails;
  readonly unexpected: boolean;
}

/** Maps anything thrown during a request to a problem. Internals of unexpected errors never leak. */
export function toProblem(error: unknown, ctx: ProblemContext = {}): MappedProblem {
  const base = { ...(ctx.instance ? { instance: ctx.instance } : {}), ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}) };
  const make = (status: number, code: string, detail: string | undefined, errors?: readonly FieldViolation[], title = titleOf(status)): ProblemDetails => ({
    type: problemType(code),
    title,
    status,
    ...(detail ? { detail } : {}),
    ...base,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  });

  if (error instanceof PleinError) {
    const status = STATUS_BY_KIND[error.kind];
    const violations = error instanceof ValidationError ? error.violations : undefined;
    const problem = make(status, error.code, error.message, violations, error.problem?.title);
    return { problem: error.problem?.members ? { ...error.problem.members, ...problem } : problem, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500) return { problem: make(status, platformCode(status), undefined), unexpected: true };
    const detail = status === 404 ? 'No route matches this method and path' : messageOf(error.getResponse()) ?? error.message;
    return { problem: make(status, platformCode(status), detail), unexpected: false };
  }
  if (isBodyParserError(error)) {
    if (error.type === 'entity.parse.failed') {
      return { problem: make(400, 'PLATFORM.MALFORMED_BODY', 'The request body is not valid JSON', [{ field: 'body', message: 'must be valid JSON' }]), unexpected: false };
    }
    if (error.type === 'entity.too.large') {
      return { problem: make(413, 'PLATFORM.PAYLOAD_TOO_LARGE', 'The request body is too large', [{ field: 'body', message: 'is too large' }]), unexpected: false };
    }
    if (error.status >= 400 && error.status < 500) {
      return { problem: make(error.status, platformCode(error.status), 'The request body could not be read', [{ field: 'body', message: error.type }]), unexpected: false };
    }
  }
  return { problem: make(500, 'PLATFORM.INTERNAL', 'An unexpected error occurred; quote the correlationId when reporting it'), unexpected: true };
}

/** Nest's HttpException responses are a string or `{ message: string | string[] }`. */
function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.filter((m): m is string => typeof m === 'string').join('; ');
  return undefined;
}

/** Writes a problem as the whole response: status, problem+json, length, no-store, and `headers`. */
export function sendProblem(res: Pick<ServerResponse, 'statusCode' | 'setHeader' | 'end'>, problem: ProblemDetails, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify(problem);
  res.statusCode = problem.status;
  res.setHeader('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.setHeader('cache-control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body);
}
