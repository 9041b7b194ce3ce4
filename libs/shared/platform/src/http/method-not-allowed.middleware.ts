import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedException } from '@nestjs/common';

/** The parts of an Express 5 router layer this reads. */
interface RouterLayer {
  readonly route?: { readonly methods: Readonly<Record<string, boolean>> };
  match(path: string): boolean;
}

/** The Express router's route table. */
export interface RouterTable {
  readonly stack: readonly RouterLayer[];
}

/** Methods the routes matching `path` have (HEAD with GET; none: no route has this path). */
export function allowedMethods(stack: readonly RouterLayer[], path: string): string[] {
  const allowed = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') allowed.add(method.toUpperCase());
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return [...allowed].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * A path that exists answers a method it lacks with 405 and `Allow` (RFC 9110 §15.5.6), not the
 * unknown-route 404. Placed before the routes; reads the router's route table at request time,
 * so it sees every route the service registered.
 */
export function methodNotAllowedMiddleware(router: () => RouterTable | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const stack = router()?.stack ?? [];
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const allowed = allowedMethods(stack, q < 0 ? url : url.slice(0, q));
    if (allowed.length === 0 || allowed.includes(req.method ?? 'GET')) {
      next();
      return;
    }
    res.setHeader('allow', allowed.join(', '));
    next(new MethodNotAllowedException(`${req.method} is not allowed here; allowed: ${allowed.join(', ')}`));
  };
}
