import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedException } from '@nestjs/common';
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

/**
 * A path that exists answers a method it lacks with 405 and `Allow` (RFC 9110 §15.5.6), not the
 * unknown-route 404. Placed before the routes; reads the router's route table at request time,
 * so it sees every route the service registered.
 */
export function methodNotAllowedMiddleware(router: () => RouterTable | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const stack = router()?.stack ?? [];
    const allowed = allowedMethods(stack, requestPath(req.url ?? '/'));
    if (allowed.length === 0 || allowed.includes(req.method ?? 'GET')) {
      next();
      return;
    }
    res.setHeader('allow', allowed.join(', '));
    next(new MethodNotAllowedException(`${req.method} is not allowed here; allowed: ${allowed.join(', ')}`));
  };
}
