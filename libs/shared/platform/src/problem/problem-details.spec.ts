import { BadRequestException, HttpException, MethodNotAllowedException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ConflictError, ForbiddenError, NotFoundError, PleinError, ValidationError, type ErrorKind } from '@plein/shared/kernel';
import { JsonLogger, runWithRequestContext } from '@plein/shared/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import { toProblem } from './problem-details';

class KindError extends PleinError {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
  ) {
    super(`a ${kind} error`);
  }
}

function fakeHttp(url = '/posts/42?email=ada@example.org') {
  const headers: Record<string, string | number> = {};
  const res = { statusCode: 200, headersSent: false, body: '', setHeader: (k: string, v: string | number) => (headers[k] = v), end: (b: string) => (res.body = b), destroy: jest.fn() };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method: 'GET', originalUrl: url }), getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { host, res, headers, json: () => JSON.parse(res.body) as Record<string, unknown> };
}

function filterWithLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ service: 'test', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { filter: new ProblemDetailsFilter(logger), lines };
}

describe('toProblem', () => {
  it.each<[ErrorKind, number]>([
    ['validation', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
    ['precondition', 412],
    ['rate-limited', 429],
    ['unavailable', 503],
  ])('maps kernel kind %s to %i and keeps the stable code', (kind, status) => {
    const { problem } = toProblem(new KindError(kind, 'FEED.SOMETHING'));
    expect(problem).toMatchObject({ status, code: 'FEED.SOMETHING', type: 'urn:plein:problem:FEED.SOMETHING', detail: `a ${kind} error` });
  });

  it('lists validation violations naming each field', () => {
    const { problem } = toProblem(new ValidationError('FEED.INVALID_POST', [{ field: 'body.title', message: 'must not be empty' }]));
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', errors: [{ field: 'body.title', message: 'must not be empty' }] });
  });

  it('maps the kernel error classes', () => {
    expect(toProblem(new NotFoundError('FEED.POST_NOT_FOUND', 'Post 42 not found')).problem.status).toBe(404);
    expect(toProblem(new ConflictError('FEED.VERSION_CONFLICT', 'stale')).problem.status).toBe(409);
    expect(toProblem(new ForbiddenError('FEED.NOT_AUTHOR', 'no')).problem.status).toBe(403);
  });

  it('adds an error\'s own title and extension members, never over the standard members', () => {
    class Restricted extends ForbiddenError {
      override readonly problem = { title: 'Posting is restricted', members: { restrictedUntil: '2026-12-07T00:00:00.000Z', status: 200, code: 'X' } };
    }
    const { problem } = toProblem(new Restricted('FEED.POSTING_RESTRICTED', 'restricted'));
    expect(problem).toMatchObject({ status: 403, code: 'FEED.POSTING_RESTRICTED', title: 'Posting is restricted', restrictedUntil: '2026-12-07T00:00:00.000Z' });
    expect(toProblem(new ForbiddenError('A.B', 'no')).problem.title).toBe('Forbidden');
  });

  it('maps Nest HTTP exceptions to PLATFORM codes', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope')).problem).toMatchObject({ status: 404, code: 'PLATFORM.NOT_FOUND', title: 'Not Found' });
    expect(toProblem(new MethodNotAllowedException()).problem).toMatchObject({ status: 405, code: 'PLATFORM.METHOD_NOT_ALLOWED' });
    expect(toProblem(new BadRequestException(['a is wrong', 'b is wrong'])).problem.detail).toBe('a is wrong; b is wrong');
  });

  it('maps a body-parser JSON error to 400 naming body', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token } in JSON'), { type: 'entity.parse.failed', status: 400, expose: true });
    expect(toProblem(parseError).problem).toMatchObject({ status: 400, code: 'PLATFORM.MALFORMED_BODY', errors: [{ field: 'body', message: 'must be valid JSON' }] });
    expect(toProblem(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 })).problem.status).toBe(413);
  });

  it('hides internals of unexpected errors and 5xx HttpExceptions', () => {
    const mapped = toProblem(new TypeError("Cannot read properties of undefined (reading 'db')"));
    expect(mapped.unexpected).toBe(true);
    expect(mapped.problem).toMatchObject({ status: 500, code: 'PLATFORM.INTERNAL' });
    expect(JSON.stringify(mapped.problem)).not.toContain('undefined');
    expect(JSON.stringify(toProblem(new HttpException('db password wrong', 502)).problem)).not.toContain('password');
  });
});

describe('ProblemDetailsFilter', () => {
  it('writes application/problem+json with instance and correlationId, without the query string', () => {
    const { filter } = filterWithLog();
    const http = fakeHttp();
    runWithRequestContext({ correlationId: 'corr-9' }, () => filter.catch(new NotFoundError('FEED.POST_NOT_FOUND', 'Post 42 not found'), http.host));
    expect(http.res.statusCode).toBe(404);
    expect(http.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(http.json()).toEqual({
      type: 'urn:plein:problem:FEED.POST_NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: 'Post 42 not found',
      instance: '/posts/42',
      correlationId: 'corr-9',
      code: 'FEED.POST_NOT_FOUND',
    });
  });

  it('logs unexpected errors with their stack but answers a generic 500', () => {
    const { filter, lines } = filterWithLog();
    const http = fakeHttp('/boom');
    filter.catch(new Error('secret internals'), http.host);
    expect(http.res.statusCode).toBe(500);
    expect(http.res.body).not.toContain('secret internals');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'secret internals', status: 500, route: '/boom' });
  });

  it('does not log expected client errors', () => {
    const { filter, lines } = filterWithLog();
    filter.catch(new NotFoundException(), fakeHttp().host);
    expect(lines).toHaveLength(0);
  });

  it('cuts the connection when headers were already sent', () => {
    const { filter } = filterWithLog();
    const http = fakeHttp();
    http.res.headersSent = true;
    filter.catch(new Error('late'), http.host);
    expect(http.res.destroy).toHaveBeenCalled();
  });

  it('leaves non-HTTP contexts alone', () => {
    const { filter } = filterWithLog();
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    expect(() => filter.catch(new Error('x'), host)).toThrow('x');
  });
});
