import { EventEmitter } from 'node:events';
import { JsonLogger, runWithRequestContext } from '@plein/shared/observability';
import { toProblem } from '../problem/problem-details';
import { hasTimedOut, RequestTimeoutError, requestTimeoutMiddleware } from './request-timeout.middleware';

/** A response that records what is written to it. */
function fakeResponse() {
  const res = Object.assign(new EventEmitter(), {
    statusCode: 200,
    headersSent: false,
    writableEnded: false,
    headers: {} as Record<string, string | number>,
    body: '',
    setHeader(name: string, value: string | number) {
      res.headers[name] = value;
      return res;
    },
    end(body: string) {
      res.body = body;
      res.writableEnded = true;
      return res;
    },
  });
  return res;
}

describe('request time budget', () => {
  const logger = new JsonLogger({ service: 'test', level: 'error', write: () => undefined });

  it('answers 503 with the shared problem mapping of a request-timeout error, Retry-After and no-store', async () => {
    const res = fakeResponse();
    await runWithRequestContext({ correlationId: 'corr-1' }, async () => {
      requestTimeoutMiddleware(5, logger)({ method: 'GET', url: '/v1/slow?x=1' } as never, res as never, () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
    const expected = toProblem(new RequestTimeoutError(5), { instance: '/v1/slow', correlationId: 'corr-1' }).problem;
    expect(JSON.parse(res.body)).toEqual(expected);
    expect(expected).toMatchObject({ status: 503, title: 'Service Unavailable', code: 'PLATFORM.REQUEST_TIMEOUT', type: 'urn:plein:problem:PLATFORM.REQUEST_TIMEOUT' });
    expect(res.statusCode).toBe(503);
    expect(res.headers).toEqual({ 'content-type': 'application/problem+json; charset=utf-8', 'content-length': Buffer.byteLength(res.body), 'cache-control': 'no-store', 'retry-after': '1' });
    expect(hasTimedOut(res as never)).toBe(true);
  });

  it('leaves a response that finished in time alone', async () => {
    const res = fakeResponse();
    requestTimeoutMiddleware(5, logger)({ method: 'GET', url: '/v1/fast' } as never, res as never, () => undefined);
    res.emit('finish');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([res.statusCode, res.body, hasTimedOut(res as never)]).toEqual([200, '', false]);
  });
});
