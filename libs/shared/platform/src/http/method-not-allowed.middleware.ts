import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { requestPath } from './request-path';

/**
 * The parts of an Express 5 router layer this reads. `match` answers the match (with the names of
 * the parameters it captured, `keys`) or false; older routers answer true and keep `keys` on the layer.
 */
interface RouterLayer {
  readonly route?: { readonly methods: Readonly<Record<string, boolean>>; readonly path?: unknown };
  readonly keys?: readonly unknown[];
  match(path: string): boolean | { readonly keys?: readonly unknown[] };
}

/** How many path parameters the layer captured for this match (0: its path is literal). */
function parameterCount(layer: RouterLayer, match: true | { readonly keys?: readonly unknown[] }): number {
  return (match === true ? layer.keys : match.keys ?? layer.keys)?.length ?? 0;
}

/** The order of the methods in `Allow`. */
const METHOD_ORDER: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The Express router's route table. */
export interface RouterTable {
  readonly stack: readonly RouterLayer[];
}

/**
 * Methods the routes matching `path` have (HEAD with GET; none: no route has this path). A route
 * whose path is literal (`/scim/v2/Users/.search`) speaks alone for that path: a route with a
 * parameter that also matches it (`/scim/v2/Users/:id`) does not add its methods, so the path
 * answers only what it really accepts.
 */
export function allowedMethods(stack: readonly RouterLayer[], path: string): string[] {
  const literal = new Set<string>();
  const parameterised = new Set<string>();
  let literalMatched = false;
  for (const layer of stack) {
    if (!layer.route) continue;
    const match = layer.match(path);
    if (!match) continue;
    const isLiteral = parameterCount(layer, match) === 0;
    literalMatched ||= isLiteral;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') (isLiteral ? literal : parameterised).add(method.toUpperCase());
  }
  const allowed = literalMatched ? literal : parameterised;
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
}

/** The route table each request was routed with (set by the middleware, read on the not-found path). */
const routerOf = new WeakMap<object, () => RouterTable | undefined>();

/** A literal route's path as the router compares it: case-insensitive, a trailing slash ignored. */
const literalKey = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();

/** The methods of each literal route path (no parameters), built once per route table and its size. */
const literalTables = new WeakMap<readonly RouterLayer[], { readonly size: number; readonly methods: ReadonlyMap<string, readonly string[]> }>();

function literalRouteMethods(stack: readonly RouterLayer[]): ReadonlyMap<string, readonly string[]> {
  const cached = literalTables.get(stack);
  if (cached && cached.size === stack.length) return cached.methods;
  const paths = new Set<string>();
  for (const layer of stack) {
    const path = layer.route?.path;
    if (typeof path === 'string' && !/[:*{}()]/.test(path)) paths.add(path);
  }
  const methods = new Map<string, readonly string[]>();
  for (const path of paths) methods.set(literalKey(path), allowedMethods(stack, path));
  literalTables.set(stack, { size: stack.length, methods });
  return methods;
}

/**
 * A path that exists answers a method it lacks with 405 and `Allow` (RFC 9110 §15.5.6), not the
 * unknown-route 404. Placed before the routes, this remembers the router for the request and answers
 * one map lookup: a literal route's path (`/scim/v2/Users/.search`) speaks alone for that path, so a
 * method it lacks is refused here, before a route with a parameter (`/scim/v2/Users/:id`) could take
 * the request. Every other request no route took (it is about to be answered 404) is checked on the
 * not-found path for the methods its path has (`methodNotAllowedInstead` in the problem filter,
 * `methodNotAllowedFor` in a service's own not-found handler), so a routed request matches no
 * route table twice. The table is read at request time, so it holds every route the service registered.
 */
export function methodNotAllowedMiddleware(router: () => RouterTable | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    routerOf.set(req, router);
    const literal = literalRouteMethods(router()?.stack ?? []).get(literalKey(requestPath(req.url ?? '/')));
    if (literal === undefined || literal.length === 0 || literal.includes(req.method ?? 'GET')) {
      next();
      return;
    }
    res.setHeader('allow', literal.join(', '));
    next(new MethodNotAllowedException(`${req.method} is not allowed here; allowed: ${literal.join(', ')}`));
  };
}

/**
 * On the not-found path: the 405 (with `Allow` set on the response) that replaces `error` when it
 * is the 404 of a request no route took and its path has routes for other methods; else `error`.
 * A 404 a route handler threw (`req.route` set by the router) is left alone.
 */
export function methodNotAllowedInstead(error: unknown, req: IncomingMessage & { route?: unknown }, res: { setHeader(name: string, value: string): unknown }): unknown {
  if (!(error instanceof NotFoundException) || req.route !== undefined) return error;
  return methodNotAllowedFor(req, res) ?? error;
}

/**
 * For a request no route took (a not-found handler's own, e.g. one answering in another error
 * format): the 405 to answer, with `Allow` set on the response, when its path has routes for other
 * methods; undefined when the 404 stands (no route has the path, or the middleware did not see it).
 */
export function methodNotAllowedFor(req: IncomingMessage, res: { setHeader(name: string, value: string): unknown }): MethodNotAllowedException | undefined {
  const router = routerOf.get(req);
  if (!router) return undefined;
  const allowed = allowedMethods(router()?.stack ?? [], requestPath(req.url ?? '/'));
  if (allowed.length === 0 || allowed.includes(req.method ?? 'GET')) return undefined;
  res.setHeader('allow', allowed.join(', '));
  return new MethodNotAllowedException(`${req.method} is not allowed here; allowed: ${allowed.join(', ')}`);
}
