import { Injectable } from '@nestjs/common';
import type { DependencyProbe } from '../dependencies/dependency-probe';

/**
 * Readiness conditions other than the dependency clients, contributed by feature modules (e.g.
 * PlatformAuthModule's "revocation deny-list loaded"): GET /ready reports each one beside the
 * dependencies and answers 503 while one is down. Register during module init.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, DependencyProbe>();

  register(check: DependencyProbe): void {
    if (this.checks.has(check.name)) throw new Error(`readiness check ${check.name} is registered twice`);
    this.checks.set(check.name, check);
  }

  list(): readonly DependencyProbe[] {
    return [...this.checks.values()];
  }
}
