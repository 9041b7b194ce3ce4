import { JsonLogger } from '@plein/shared/observability';
import type { DependencyProbe } from '../dependencies/dependency-probe';
import { HealthService, PROBE_TIMEOUT_MS } from './health.service';
import { ReadinessChecks } from './readiness-checks';

function setup(probes: DependencyProbe[], checks?: ReadinessChecks) {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ service: 'test', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { health: new HealthService(probes, logger, checks), lines };
}

const up = (name: string): DependencyProbe => ({ name, check: () => Promise.resolve() });
const down = (name: string, reason: string): DependencyProbe => ({ name, check: () => Promise.reject(new Error(reason)) });

describe('HealthService', () => {
  it('is ready when every probe answers', async () => {
    const { health } = setup([up('kafka'), up('mongodb')]);
    await expect(health.readiness()).resolves.toMatchObject({ status: 'ready', checks: { kafka: { status: 'up' }, mongodb: { status: 'up' } } });
  });

  it('marks failing probes down with the reason and the whole service not ready', async () => {
    const { health } = setup([up('kafka'), down('mongodb', 'connect ECONNREFUSED 127.0.0.1:27017')]);
    await expect(health.readiness()).resolves.toMatchObject({
      status: 'not-ready',
      checks: { kafka: { status: 'up' }, mongodb: { status: 'down', reason: 'connect ECONNREFUSED 127.0.0.1:27017' } },
    });
  });

  it('gives a hanging probe a hard timeout', async () => {
    jest.useFakeTimers();
    try {
      const { health } = setup([{ name: 'kafka', check: () => new Promise(() => undefined) }]);
      const pending = health.readiness();
      await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
      await expect(pending).resolves.toMatchObject({ status: 'not-ready', checks: { kafka: { status: 'down', reason: `no answer within ${PROBE_TIMEOUT_MS} ms` } } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('shares one probe round between concurrent callers', async () => {
    const check = jest.fn(() => new Promise<void>((r) => setTimeout(r, 10)));
    const { health } = setup([{ name: 'kafka', check }]);
    await Promise.all([health.readiness(), health.readiness(), health.readiness()]);
    expect(check).toHaveBeenCalledTimes(1);
    await health.readiness();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('logs state changes only, not every failed probe', async () => {
    let healthy = false;
    const { health, lines } = setup([{ name: 'kafka', check: () => (healthy ? Promise.resolve() : Promise.reject(new Error('down'))) }]);
    for (let i = 0; i < 5; i++) await health.readiness();
    healthy = true;
    for (let i = 0; i < 5; i++) await health.readiness();
    expect(lines.map((l) => [l['level'], l['msg']])).toEqual([
      ['warn', 'Dependency kafka is down'],
      ['info', 'Dependency kafka is back up'],
    ]);
  });

  it('reports registered readiness checks beside the dependencies, not ready while one is down', async () => {
    const checks = new ReadinessChecks();
    let loaded = false;
    checks.register({ name: 'revocation-list', check: async () => void (loaded || (await Promise.reject(new Error('revocation deny-list not loaded yet')))) });
    expect(() => checks.register({ name: 'revocation-list', check: async () => undefined })).toThrow(/twice/);
    const { health } = setup([up('kafka')], checks);
    await expect(health.readiness()).resolves.toMatchObject({
      status: 'not-ready',
      checks: { kafka: { status: 'up' }, 'revocation-list': { status: 'down', reason: 'revocation deny-list not loaded yet' } },
    });
    loaded = true;
    await expect(health.readiness()).resolves.toMatchObject({ status: 'ready', checks: { kafka: { status: 'up' }, 'revocation-list': { status: 'up' } } });
  });
});
