import { MethodNotAllowedException } from '@nestjs/common';
import { allowedMethods, methodNotAllowedMiddleware } from './method-not-allowed.middleware';

/** A router layer like Express 5's: `match` answers the parameters it captured, or false. */
const layer = (pattern: RegExp, methods?: Record<string, boolean>) => ({
  ...(methods ? { route: { methods } } : {}),
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
  layer(/^\/scim\/v2\/Users\/\.search$/, { post: true }),
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

  it('refuses GET on Users/.search although the `:id` route would take it', () => {
    const headers: Record<string, string> = {};
    const calls: unknown[] = [];
    methodNotAllowedMiddleware(() => ({ stack }))({ method: 'GET', url: '/scim/v2/Users/.search' } as never, { setHeader: (name: string, value: string) => (headers[name] = value) } as never, (e) => calls.push(e));
    expect(calls[0]).toBeInstanceOf(MethodNotAllowedException);
    expect(headers['allow']).toBe('POST');
  });

  it('sets Allow and passes a 405 on, or lets the request through', () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const calls: unknown[] = [];
    const middleware = methodNotAllowedMiddleware(() => ({ stack }));
    middleware({ method: 'POST', url: '/v1/posts/1?x=1' } as never, res as never, (e) => calls.push(e));
    middleware({ method: 'HEAD', url: '/v1/posts/1' } as never, res as never, (e) => calls.push(e));
    middleware({ method: 'POST', url: '/v1/unknown' } as never, res as never, (e) => calls.push(e));
    expect(calls[0]).toBeInstanceOf(MethodNotAllowedException);
    expect(headers['allow']).toBe('GET, HEAD, PATCH, DELETE');
    expect(calls.slice(1)).toEqual([undefined, undefined]);
  });
});
