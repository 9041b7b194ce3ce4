import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '@plein/identity/domain';

const LIMIT_BYTES = 1024 * 1024;

/** The `charset` parameter of a Content-Type, lower-cased and unquoted (undefined: none). */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const eq = parameter.indexOf('=');
    if (eq > 0 && parameter.slice(0, eq).trim() === 'charset') return parameter.slice(eq + 1).trim().replaceAll('"', '');
  }
  return undefined;
}

/**
 * Parses `application/scim+json` bodies (RFC 7644 §3.1), which the platform's JSON parser does
 * not take. A malformed body becomes a SCIM `invalidSyntax` error, a body over 1 MiB a 413, a
 * charset other than UTF-8 (JSON between systems is UTF-8, RFC 8259 §8.1) a 415, refused like
 * the platform parser refuses one (`{ type, status }`, mapped in scim-errors.ts).
 */
export function scimJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/scim+json') || req.method === 'GET' || req.method === 'DELETE') return next();
  const charset = charsetOf(type);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    req.resume(); // drain the body, so the connection can answer
    return next(Object.assign(new Error(`unsupported charset "${charset.slice(0, 40)}"`), { type: 'charset.unsupported', status: 415 }));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > LIMIT_BYTES && !failed) {
      failed = true;
      next(new ScimError('invalidValue', 'The request body is larger than 1 MiB', 413));
      return;
    }
    if (!failed) chunks.push(chunk);
  });
  req.on('end', () => {
    if (failed) return;
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      (req as { body?: unknown }).body = text.trim() === '' ? {} : JSON.parse(text);
      next();
    } catch {
      next(new ScimError('invalidSyntax', 'The request body is not valid JSON'));
    }
  });
  req.on('error', (error) => next(error));
}
