import { Inject, Injectable, Optional } from '@nestjs/common';
import type { JsonLogger } from '@plein/shared/observability';
import { reasonOf, withTimeout, type DependencyProbe } from '../dependencies/dependency-probe';
import { DEPENDENCY_PROBES, LOGGER } from '../tokens';
import { ReadinessChecks } from './readiness-checks';

/** Hard per-probe budget: /ready must answer fast even when a server black-holes packets. */
export const PROBE_TIMEOUT_MS = 1_500;

export type CheckResult = { readonly status: 'up'; readonly latencyMs: number } | { readonly status: 'down'; readonly reason: string; readonly latencyMs: number };

export interface Readiness {
  readonly status: 'ready' | 'not-ready';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

@Injectable()
export class HealthService {
  /** Concurrent /ready calls share one round of probes instead of multiplying connections. */
  private inFlight: Promise<Readiness> | undefined;
  private readonly lastStatus = new Map<string, CheckResult['status']>();
  private readonly logger: JsonLogger;

  constructor(
    @Inject(DEPENDENCY_PROBES) private readonly probes: readonly DependencyProbe[],
    @Inject(LOGGER) logger: JsonLogger,
    @Optional() private readonly checks?: ReadinessChecks,
  ) {
    this.logger = logger.child('Health');
  }

  readiness(): Promise<Readiness> {
    this.inFlight ??= this.probeAll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async probeAll(): Promise<Readiness> {
    const probes = [...this.probes, ...(this.checks?.list() ?? [])];
    const results = await Promise.all(probes.map(async (probe) => [probe.name, await this.probe(probe)] as const));
    const checks = Object.fromEntries(results);
    return { status: results.every(([, r]) => r.status === 'up') ? 'ready' : 'not-ready', checks };
  }

  private async probe(probe: DependencyProbe): Promise<CheckResult> {
    const started = performance.now();
    let result: CheckResult;
    try {
      await withTimeout(probe.check(), PROBE_TIMEOUT_MS);
      result = { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      result = { status: 'down', reason: reasonOf(error), latencyMs: Math.round(performance.now() - started) };
    }
    this.logTransition(probe.name, result);
    return result;
  }

  /** Logs changes only, so a long outage under constant probing is one line, not thousands. */
  private logTransition(name: string, result: CheckResult): void {
    const previous = this.lastStatus.get(name);
    this.lastStatus.set(name, result.status);
    if (previous === result.status || (previous === undefined && result.status === 'up')) return;
    if (result.status === 'down') this.logger.warn(`Dependency ${name} is down`, { dependency: name, reason: result.reason });
    else this.logger.log(`Dependency ${name} is back up`, { dependency: name });
  }
}
