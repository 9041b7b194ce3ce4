import type { Request, Response } from 'express';
import { uuidv7, type CommandMetadata } from '@plein/shared/kernel';
import { commandMetadata, parseIdempotencyKey } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';

/**
 * Command metadata for a request: correlation id of the request context; causation = the
 * Idempotency-Key scoped to the caller, or a fresh id. A malformed key is refused (400 naming
 * `header.Idempotency-Key`), the same rule as every service (parseIdempotencyKey).
 */
export function requestMetadata(req: Request, actorId: string): CommandMetadata {
  const idempotencyKey = parseIdempotencyKey(req.headers['idempotency-key']);
  const traceparent = req.header('traceparent');
  return commandMetadata({
    caller: { userId: actorId },
    correlationId: getRequestContext()?.correlationId ?? uuidv7(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(traceparent ? { traceparent } : {}),
  });
}

/** The client address as Express sees it: the peer, or the forwarded client from a trusted proxy (HTTP_TRUSTED_PROXIES). */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9._~-]{1,512}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  readonly maxAgeSeconds: number;
  readonly path: string;
  readonly secure: boolean;
  readonly sameSite: 'Strict' | 'Lax';
}

/** HttpOnly always: no script reads these cookies. */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`, 'HttpOnly', `SameSite=${options.sameSite}`];
  if (options.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

export const clearCookie = (res: Response, name: string, options: Omit<CookieOptions, 'maxAgeSeconds'>): void => setCookie(res, name, '', { ...options, maxAgeSeconds: 0 });

/** Responses carrying tokens or session state must never be cached (RFC 6749 §5.1). */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}
