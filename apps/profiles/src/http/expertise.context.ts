import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@plein/shared/auth';
import { parseIdempotencyKey, type RequestContext } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';
import type { IncomingHttpHeaders } from 'node:http';

/** The caller (PlatformAuthGuard's principal), correlation id, Idempotency-Key (shared rule) and traceparent. */
export function expertiseContextOf(request: { headers: IncomingHttpHeaders; principal?: Principal }): RequestContext {
  const principal = request.principal;
  if (!principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const traceparent = request.headers['traceparent'];
  return {
    caller: { userId: principal.userId },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/** `@ExpertiseCtx() ctx: RequestContext` in the expertise controller. */
export const ExpertiseCtx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => expertiseContextOf(context.switchToHttp().getRequest()));
