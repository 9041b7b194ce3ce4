import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ModerationContext } from '@plein/moderation/application';
import type { Principal } from '@plein/shared/auth';
import { parseIdempotencyKey } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';
import type { IncomingHttpHeaders } from 'node:http';

/** The verified platform token (PlatformAuthGuard) as the application's request context, as the feed does. */
export function requestContextOf(request: { headers: IncomingHttpHeaders; principal?: Principal }): ModerationContext {
  const principal = request.principal;
  if (!principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const traceparent = request.headers['traceparent'];
  return {
    caller: { userId: principal.userId, roles: principal.roles },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/** `@Ctx() ctx: ModerationContext` in moderation controllers. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): ModerationContext => requestContextOf(context.switchToHttp().getRequest()));
