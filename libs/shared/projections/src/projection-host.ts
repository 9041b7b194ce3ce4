import type { ConsumerLag, EventProcessor, Startable } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';
import { projectionProcessorName, type ProjectionDefinition } from './projection';
import { projectionProcessor, type ProjectionRuntime } from './projection-processor';
import { ProjectionRegistry } from './projection-registry';
import { createProjectionStore } from './projection-store';

export interface ProjectionHostOptions extends ProjectionRuntime {
  readonly db: mongo.Db;
  /** Every projection version this service's code knows (during a migration: v1 and v2 of a name). */
  readonly projections: readonly ProjectionDefinition[];
  /** How often the registry is re-read to follow rebuilds (start the new version, stop the old). Default 5 s. */
  readonly pollIntervalMs?: number;
  /**
   * A projection without a registry document starts at its highest defined version, fed from the
   * beginning of its topics. Right for a fresh installation; for a new projection on a system whose
   * topics no longer hold all history, run the rebuild command instead. Default true.
   */
  readonly bootstrap?: boolean;
}

/**
 * Runs the Kafka processors of a service's projections, following the registry: a version runs
 * while it is live (active, or being rebuilt), and stops once a rebuild retired it. Several
 * replicas may run the same host; they share each version's consumer group.
 */
export class ProjectionHost implements Startable {
  readonly registry: ProjectionRegistry;
  private readonly running = new Map<string, EventProcessor>();
  private readonly ensured = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly options: ProjectionHostOptions) {
    this.registry = new ProjectionRegistry(options.db, options.service);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.sync();
    // A stop() that came while the first sync ran has already cleared the (then unset) timer.
    if (this.stopped) return;
    this.timer = setInterval(() => {
      this.sync().catch((error) => this.options.logger?.error('projection registry sync failed', { reason: String(error) }));
    }, this.options.pollIntervalMs ?? 5_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.syncing.catch(() => undefined);
    const processors = [...this.running.values()];
    this.running.clear();
    await Promise.allSettled(processors.map((p) => p.stop()));
  }

  processors(): readonly EventProcessor[] {
    return [...this.running.values()];
  }

  lag(): Promise<ConsumerLag[]> {
    return Promise.all(this.processors().map((p) => p.lag()));
  }

  /** Re-reads the registry and starts or stops processors to match. Serialised. */
  sync(): Promise<void> {
    this.syncing = this.syncing.catch(() => undefined).then(() => this.syncNow());
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    const byName = new Map<string, ProjectionDefinition[]>();
    for (const p of this.options.projections) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    for (const [name, versions] of byName) {
      let state = await this.registry.get(name);
      if (!state && this.options.bootstrap !== false) state = await this.registry.bootstrap(name, Math.max(...versions.map((v) => v.version)));
      for (const projection of versions) {
        if (this.stopped) return;
        const key = projectionProcessorName(projection, projection.version);
        const live = state?.liveVersions.includes(projection.version) ?? false;
        const processor = this.running.get(key);
        if (live && !processor) {
          if (state?.activeVersion === projection.version && !this.ensured.has(key)) {
            await createProjectionStore(projection, this.options).ensure(projection.version);
            this.ensured.add(key);
          }
          const started = projectionProcessor(projection, this.options);
          await started.start();
          this.running.set(key, started);
        } else if (!live && processor) {
          this.running.delete(key);
          await processor.stop();
        }
      }
    }
  }
}
