import type { ServerResponse } from 'node:http';
import { Controller, Res } from '@nestjs/common';
import { z } from 'zod';
import { Endpoint, route } from '../api/api-route';
import { HealthService } from './health.service';

export const HEALTH_ROUTE = route({
  method: 'get',
  path: '/health',
  summary: 'Liveness: the process works (never checks dependencies)',
  auth: 'none',
  response: { schema: z.object({ status: z.literal('ok') }) },
});
export const READY_ROUTE = route({
  method: 'get',
  path: '/ready',
  summary: 'Readiness: each dependency up or down; 503 while one is down',
  auth: 'none',
  response: { description: 'Ready (`status: ready`); the same body with 503 when not ready' },
});

/**
 * Liveness says "the process works" and never touches dependencies (a restart would not fix them);
 * readiness says "send me traffic" and checks each dependency this service uses.
 */
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Endpoint(HEALTH_ROUTE)
  liveness(@Res() res: ServerResponse): void {
    send(res, 200, { status: 'ok' });
  }

  @Endpoint(READY_ROUTE)
  async readiness(@Res() res: ServerResponse): Promise<void> {
    const readiness = await this.health.readiness();
    // Written directly: Nest would otherwise force 200 on a returned body.
    send(res, readiness.status === 'ready' ? 200 : 503, readiness);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(json);
}
