import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '@plein/identity/contracts';
import type { ProfilesContext } from '@plein/profiles/application';
import type { Principal } from '@plein/shared/auth';
import { parseIdempotencyKey } from '@plein/shared/event-sourcing';
import { ValidationError } from '@plein/shared/kernel';
import { getRequestContext } from '@plein/shared/observability';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The profiles service's authentication port: PlatformAuthGuard (@plein/shared/auth) verifies
 * the bearer token and leaves the Principal on the request; this turns it into the application's
 * context (caller with the token's roles, correlation id, Idempotency-Key, traceparent).
 */
export function profilesContextOf(request: { headers: IncomingHttpHeaders; principal?: Principal }): ProfilesContext {
  const principal = request.principal;
  if (!principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const traceparent = request.headers['traceparent'];
  return {
    caller: { userId: principal.userId, roles: principal.roles as UserRole[] },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/** `@Ctx() ctx: ProfilesContext` in profiles controllers (behind PlatformAuthGuard). */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): ProfilesContext => profilesContextOf(context.switchToHttp().getRequest()));

/** Domain violations name fields of the command (`languages[1].code`); the answer names them as the request did (`body.languages[1].code`). */
export async function inBody<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.code, error.violations.map((v) => ({ field: `body.${v.field}`, message: v.message })));
    throw error;
  }
}
