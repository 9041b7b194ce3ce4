import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError, type FieldViolation } from '@plein/shared/kernel';

/**
 * Express `query parser`: one string per name, nothing nested. Repeats and brackets never reach
 * it (queryStringMiddleware refuses them first), so `req.query` is always `Record<string, string>`.
 */
export const simpleQueryParser = (query: string): Record<string, string> => Object.fromEntries(new URLSearchParams(query));

/** Each offending name once: repeated (`a=1&a=2`) or array/object-shaped (`a[]=1`, `a[x]=1`). */
export function queryViolations(url: string): FieldViolation[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const seen = new Set<string>();
  const bad = new Map<string, string>();
  for (const key of new URLSearchParams(url.slice(q + 1)).keys()) {
    const bracket = key.indexOf('[');
    const close = key.indexOf(']');
    if (bracket >= 0 || close >= 0) {
      const name = key.slice(0, Math.min(...[bracket, close].filter((i) => i >= 0)));
      if (!bad.has(name)) bad.set(name, 'must be a single plain value (no [] or [key] forms)');
    } else if (seen.has(key)) {
      if (!bad.has(key)) bad.set(key, 'must appear at most once');
    }
    seen.add(key);
  }
  return [...bad].map(([name, message]) => ({ field: `query.${name}`, message }));
}

/** Refuses repeated or array-shaped query parameters with a 400 problem naming each one, before any route sees them. */
export function queryStringMiddleware(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  const violations = queryViolations(req.url ?? '');
  if (violations.length > 0) {
    next(new ValidationError('PLATFORM.INVALID_QUERY', violations, 'Each query parameter may appear once, as a plain value'));
    return;
  }
  next();
}
