import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { parseIdempotencyKey, type RequestContext } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../principal';

/** An HTTP request that PlatformAuthGuard has let through (it leaves the verified Principal on it). */
export interface AuthenticatedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly principal?: Principal;
}

/** The caller of a request, as the platform token names them. */
export interface PlatformCaller<Role extends string = string> {
  readonly userId: string;
  /** The token's roles (a service narrows them to its role type with `Role`). */
  readonly roles: readonly Role[];
}

/** The principal PlatformAuthGuard verified (a route without the guard is a programming error, not a 401). */
export function principalOf(request: { readonly principal?: Principal }): Principal {
  if (!request.principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  return request.principal;
}

/**
 * Every service's authentication port: the principal PlatformAuthGuard verified, as the
 * application's RequestContext (caller with the token's roles, the correlation id of the request,
 * its Idempotency-Key by the one shared rule, absent or 1-200 visible ASCII characters, else 400,
 * and its traceparent). Swapping the guard only needs another producer of `request.principal`.
 */
export function platformRequestContext<Role extends string = string>(request: AuthenticatedRequest): RequestContext<PlatformCaller<Role>> {
  const principal = principalOf(request);
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const traceparent = request.headers['traceparent'];
  return {
    caller: { userId: principal.userId, roles: principal.roles as readonly Role[] },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/** `@PlatformCtx() ctx: RequestContext` in a controller behind PlatformAuthGuard (platformRequestContext of the request). */
export const PlatformCtx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext<PlatformCaller> =>
  platformRequestContext(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
