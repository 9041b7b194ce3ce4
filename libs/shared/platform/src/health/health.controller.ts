import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { HealthService } from './health.service';

/**
 * Liveness says "the process works" and never touches dependencies (a restart would not fix them);
 * readiness says "send me traffic" and checks each dependency this service uses.
 */
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  liveness(@Res() res: ServerResponse): void {
    send(res, 200, { status: 'ok' });
  }

  @Get('ready')
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
