import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@plein/shared/auth';
import type { UserRole } from '@plein/identity/contracts';
import type { RequestContext } from '@plein/feed/application';
import { parseIdempotencyKey } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The feed's authentication port: the platform guard (PlatformAuthGuard, @plein/shared/auth)
 * verifies the bearer token and leaves the Principal on the request; this turns it into the
 * application's RequestContext (caller, correlation id, Idempotency-Key, traceparent). Swapping
 * the guard only needs another producer of `request.principal`.
 */
export function requestContextOf(request: { headers: IncomingHttpHeaders; principal?: Principal }): RequestContext {
  const principal = request.principal;
  if (!principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  // The one rule of every service: absent, or 1-200 visible ASCII characters (else 400).
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const traceparent = request.headers['traceparent'];
  return {
    caller: { userId: principal.userId, roles: principal.roles as UserRole[] },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/** `@Ctx() ctx: RequestContext` in feed controllers. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => requestContextOf(context.switchToHttp().getRequest()));
