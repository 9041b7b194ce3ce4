import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { requestPath } from './request-path';

/**
 * The parts of an Express 5 router layer this reads. `match` answers the match (with the names of
 * the parameters it captured, `keys`) or false; older routers answer true and keep `keys` on the layer.
 */
interface RouterLayer {
  readonly route?: { readonly methods: Readonly<Record<string, boolean>> };
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

/**
 * A path that exists answers a method it lacks with 405 and `Allow` (RFC 9110 §15.5.6), not the
 * unknown-route 404. Placed before the routes, this only remembers the router for the request:
 * nothing is matched here. Only a request no route took (it is about to be answered 404) is
 * checked for the methods its path has (`methodNotAllowedInstead` in the problem filter,
 * `methodNotAllowedFor` in a service's own not-found handler),
 * so a routed request pays nothing. The table is read at that time, so it holds every route the
 * service registered.
 */
export function methodNotAllowedMiddleware(router: () => RouterTable | undefined) {
  return (req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void => {
    routerOf.set(req, router);
    next();
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
