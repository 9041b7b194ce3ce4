import { Controller, createParamDecorator, Inject, UseGuards, type ExecutionContext } from '@nestjs/common';
import { VisitService } from '@plein/insights/application';
import { PlatformAuthGuard, type Principal } from '@plein/shared/auth';
import { parseIdempotencyKey, type RequestContext } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';
import { Endpoint } from '@plein/shared/platform';
import type { IncomingHttpHeaders } from 'node:http';
import { RECORD_VISIT } from './visits.routes';

/** The caller (from PlatformAuthGuard), correlation id, Idempotency-Key (shared parser: a bad one is a 400) and traceparent. */
export const VisitCtx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders; principal?: Principal }>();
  if (!request.principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const traceparent = request.headers['traceparent'];
  return {
    caller: { userId: request.principal.userId },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
});

/** POST /v1/insights/visits: every signed-in person counts their own visit, nothing else. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class VisitsController {
  constructor(@Inject(VisitService) private readonly visits: VisitService) {}

  @Endpoint(RECORD_VISIT)
  async record(@VisitCtx() ctx: RequestContext): Promise<void> {
    await this.visits.record(ctx);
  }
}
