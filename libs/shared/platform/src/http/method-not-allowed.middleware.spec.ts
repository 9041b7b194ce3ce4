import { MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { allowedMethods, methodNotAllowedInstead, methodNotAllowedMiddleware } from './method-not-allowed.middleware';

/** A router layer like Express 5's: `match` answers the parameters it captured, or false. */
const layer = (pattern: RegExp, methods?: Record<string, boolean>, path?: string) => ({
  ...(methods ? { route: { methods, ...(path ? { path } : {}) } } : {}),
  match: (path: string) => {
    const found = pattern.exec(path);
    return found ? { keys: Object.keys(found.groups ?? {}) } : false;
  },
});
const stack = [
  layer(/^/),
  layer(/^\/v1\/posts\/(?<id>[^/]+)$/, { get: true }),
  layer(/^\/v1\/posts\/(?<id>[^/]+)$/, { patch: true, delete: true }),
  layer(/^\/scim\/v2\/Me$/, { _all: true }),
  layer(/^\/scim\/v2\/Users\/(?<id>[^/]+)$/, { get: true, put: true, patch: true, delete: true }),
  layer(/^\/scim\/v2\/Users\/\.search$/i, { post: true }, '/scim/v2/Users/.search'),
];

describe('405 for a method a known path lacks', () => {
  it('collects the methods of every route matching the path, HEAD with GET, in a stable order', () => {
    expect(allowedMethods(stack, '/v1/posts/1')).toEqual(['GET', 'HEAD', 'PATCH', 'DELETE']);
    expect(allowedMethods(stack, '/v1/nothing')).toEqual([]);
    expect(allowedMethods(stack, '/scim/v2/Me')).toEqual([]); // a route for every method: nothing to refuse
  });

  it('lets a route with no parameters (Users/.search) decide alone for its path, not the `:id` route that also matches it', () => {
    expect(allowedMethods(stack, '/scim/v2/Users/.search')).toEqual(['POST']);
    expect(allowedMethods(stack, '/scim/v2/Users/42')).toEqual(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);
  });

  /** The middleware, then the not-found path as the problem filter takes it: what replaces the router's 404. */
  const routed = (method: string, url: string, table = stack) => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const req = { method, url } as never;
    const calls: unknown[] = [];
    methodNotAllowedMiddleware(() => ({ stack: table }))(req, res as never, (e) => calls.push(e));
    return { error: methodNotAllowedInstead(new NotFoundException(), req, res), calls, headers };
  };

  it('refuses GET on Users/.search although the `:id` route would take it', () => {
    const { error, headers } = routed('GET', '/scim/v2/Users/.search');
    expect(error).toBeInstanceOf(MethodNotAllowedException);
    expect(headers['allow']).toBe('POST');
  });

  it('refuses before routing a method that a literal route path lacks, so the `:id` route never takes GET Users/.search', () => {
    for (const url of ['/scim/v2/Users/.search', '/scim/v2/users/.search/?x=1']) {
      const headers: Record<string, string> = {};
      const calls: unknown[] = [];
      methodNotAllowedMiddleware(() => ({ stack }))({ method: 'GET', url } as never, { setHeader: (n: string, v: string) => (headers[n] = v) } as never, (e) => calls.push(e));
      expect(calls[0]).toBeInstanceOf(MethodNotAllowedException);
      expect(headers['allow']).toBe('POST');
    }
    const calls: unknown[] = [];
    methodNotAllowedMiddleware(() => ({ stack }))({ method: 'POST', url: '/scim/v2/Users/.search' } as never, { setHeader: () => undefined } as never, (e) => calls.push(e));
    expect(calls).toEqual([undefined]);
  });

  it('turns the 404 of an unrouted request into a 405 with Allow when the path has other methods, else keeps the 404', () => {
    const post = routed('POST', '/v1/posts/1?x=1');
    expect(post.error).toBeInstanceOf(MethodNotAllowedException);
    expect(post.headers['allow']).toBe('GET, HEAD, PATCH, DELETE');
    const unknown = routed('POST', '/v1/unknown');
    expect(unknown.error).toBeInstanceOf(NotFoundException);
    expect(unknown.headers).toEqual({});
  });

  it('matches no route before routing (after the literal paths are read once): the middleware only lets the request through; the not-found path looks', () => {
    let matched = 0;
    const counting = stack.map((l) => ({ ...l, match: (path: string) => (matched++, l.match(path)) }));
    const calls: unknown[] = [];
    const req = { method: 'PUT', url: '/v1/posts/1' };
    const res = { setHeader: () => undefined };
    const middleware = methodNotAllowedMiddleware(() => ({ stack: counting }));
    middleware({ method: 'GET', url: '/v1/posts/2' } as never, res as never, () => undefined); // the first request reads the literal paths once
    matched = 0;
    middleware(req as never, res as never, (e) => calls.push(e));
    expect([calls, matched]).toEqual([[undefined], 0]);
    expect(methodNotAllowedInstead(new NotFoundException(), req as never, res)).toBeInstanceOf(MethodNotAllowedException);
    expect(matched).toBeGreaterThan(0);
  });

  it('leaves alone a 404 a route threw, other errors, and requests the middleware did not see', () => {
    const res = { setHeader: jest.fn() };
    const fromRoute = new NotFoundException();
    const req = { method: 'POST', url: '/v1/posts/1' };
    const routedReq = { method: 'POST', url: '/v1/posts/1', route: {} };
    for (const r of [req, routedReq]) methodNotAllowedMiddleware(() => ({ stack }))(r as never, res as never, () => undefined);
    expect(methodNotAllowedInstead(fromRoute, routedReq as never, res)).toBe(fromRoute);
    const other = new Error('x');
    expect(methodNotAllowedInstead(other, req as never, res)).toBe(other);
    expect(methodNotAllowedInstead(fromRoute, { method: 'POST', url: '/v1/posts/1' } as never, res)).toBe(fromRoute);
    expect(res.setHeader).not.toHaveBeenCalled();
  });
});
