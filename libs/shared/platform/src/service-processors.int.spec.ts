import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger } from '@plein/shared/observability';
import { bootstrapService, type RunningService } from './bootstrap-service';
import type { ServiceProcessor } from './processors/service-processors';

const events: string[] = [];

/** Stands in for the platform's dependency clients, which close in onApplicationShutdown. */
@Injectable()
class Clients implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    events.push('clients closed');
  }
}

@Module({ providers: [Clients] })
class WorkerModule {}

interface ReadyBody {
  readonly status: string;
  readonly checks: Record<string, { status: string; reason?: string }>;
}

async function ready(url: string): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${url}/ready`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

/** bootstrapService's processors: started after listen, on /ready each, stopped between HTTP and the clients. */
describe('bootstrapService processors (in-process service, no servers)', () => {
  let service: RunningService;
  let releaseStart: () => void = () => undefined;
  let startAttempts = 0;

  beforeAll(async () => {
    // Records whether HTTP intake had closed when the processor was stopped.
    const stopped = async (name: string) => {
      const http = await fetch(`${service.url}/health`).then(
        () => 'http still open',
        () => 'http closed',
      );
      events.push(`${name} stopped, ${http}`);
    };
    const slow: ServiceProcessor = {
      name: 'slow-consumer',
      start: () => new Promise<void>((resolve) => (releaseStart = resolve)),
      stop: () => stopped('slow-consumer'),
    };
    const flaky: ServiceProcessor = {
      name: 'flaky-relay',
      start: async () => {
        startAttempts++;
        throw new Error('broker unreachable');
      },
      stop: () => stopped('flaky-relay'),
    };
    service = await bootstrapService({
      service: { name: 'workers', http: { host: '127.0.0.1', port: 0 }, logLevel: 'error' } as never,
      dependencies: {},
      module: WorkerModule,
      logger: new JsonLogger({ service: 'workers', level: 'error', write: () => undefined }),
      handleSignals: false,
      processors: () => [slow, flaky],
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('serves HTTP before the processors run, /ready 503 naming each one not running', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    expect(await ready(service.url)).toMatchObject({
      status: 503,
      body: { status: 'not-ready', checks: { 'processor:slow-consumer': { status: 'down', reason: 'starting' }, 'processor:flaky-relay': { status: 'down', reason: 'not started yet' } } },
    });
  });

  it('names a processor whose start failed with the reason while it is retried', async () => {
    releaseStart();
    await service.processors.started;
    expect(startAttempts).toBe(1);
    expect(await ready(service.url)).toMatchObject({
      status: 503,
      body: { checks: { 'processor:slow-consumer': { status: 'up' }, 'processor:flaky-relay': { status: 'down', reason: expect.stringMatching(/^not running: broker unreachable; retrying/) } } },
    });
    expect(service.processors.running).toBe(false);
  });

  it('on close stops HTTP intake, then the processors, then the clients', async () => {
    await service.close();
    // Processors stop in parallel, so their order is free; both after HTTP, both before the clients.
    expect(events.slice(0, 2).sort()).toEqual(['flaky-relay stopped, http closed', 'slow-consumer stopped, http closed']);
    expect(events.slice(2)).toEqual(['clients closed']);
  });
});
