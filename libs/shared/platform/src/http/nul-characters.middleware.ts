import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError } from '@plein/shared/kernel';
import { requestPath } from './request-path';

const NUL = '\u0000';

/**
 * Refuses U+0000 anywhere in a request (path, query, parsed JSON body: keys and strings) with a
 * problem+json naming the field. No person types it, MongoDB refuses it in keys, and the local
 * FerretDB's PostgreSQL storage refuses it in any string (jsonb), which would otherwise surface
 * as a 500 or, worse, as a value stored on one server and refused on another. Placed after the
 * body parser.
 */
export function nulCharactersMiddleware(req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: (error?: unknown) => void): void {
  const field = nulField(req.url ?? '', req.body);
  if (field) {
    next(new ValidationError('PLATFORM.NUL_CHARACTER', [{ field, message: 'must not contain the NUL character (U+0000)' }], 'The request contains a NUL character'));
    return;
  }
  next();
}

/**
 * True when the path's percent-escapes do not decode as UTF-8 (`%E0%A4%A`, a lone surrogate
 * `%ED%A0%80`). Refused here for every route, so no handler meets an undecodable parameter (one
 * would otherwise surface as a 500).
 */
export const malformedPath = (url: string): boolean => decodes(requestPath(url)) === undefined;

/** Refuses a path that does not decode (malformedPath) with a 400 naming `path`; placed before routing. */
export function malformedPathMiddleware(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  if (malformedPath(req.url ?? '')) {
    next(new ValidationError('PLATFORM.MALFORMED_PATH', [{ field: 'path', message: 'is not valid percent-encoded UTF-8' }], 'The request path is malformed'));
    return;
  }
  next();
}

/** The first field holding U+0000 (`path`, `query.<name>`, `body`, `body.<path>`), or null. */
export function nulField(url: string, body: unknown): string | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (decodes(path)?.includes(NUL)) return 'path';
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
      if (key.includes(NUL) || value.includes(NUL)) return `query.${key.replaceAll(NUL, '\\u0000')}`;
    }
  }
  return inValue(body, 'body', 0);
}

function decodes(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined; // malformed: see malformedPath
  }
}

function inValue(value: unknown, at: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? at : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = inValue(value[i], `${at}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const name = `${at}.${key.replaceAll(NUL, '\\u0000')}`;
    if (key.includes(NUL)) return name;
    const hit = inValue(v, name, depth + 1);
    if (hit) return hit;
  }
  return null;
}
