import { Controller, Inject, UseGuards } from '@nestjs/common';
import { VisitService } from '@plein/insights/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import type { RequestContext } from '@plein/shared/event-sourcing';
import { Endpoint } from '@plein/shared/platform';
import { RECORD_VISIT } from './visits.routes';

/** POST /v1/insights/visits: every signed-in person counts their own visit, nothing else. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class VisitsController {
  constructor(@Inject(VisitService) private readonly visits: VisitService) {}

  @Endpoint(RECORD_VISIT)
  async record(@PlatformCtx() ctx: RequestContext): Promise<void> {
    await this.visits.record(ctx);
  }
}
