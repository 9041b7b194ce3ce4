import { isDuplicateKeyError } from '@plein/shared/messaging';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { mongo } from 'mongoose';
import { ProjectionNotActiveError, ProjectionRebuildError } from './errors';
import { projectionCollectionName, registryCollectionName, type ProjectionDefinition } from './projection';

/**
 * One document per projection in `<svc>_projections`. `activeVersion` is what readers use;
 * `liveVersions` are the versions whose Kafka processors run (the active one, plus the one being
 * rebuilt once its backfill is done). `rev` makes every change a compare-and-set.
 */
export interface ProjectionState {
  _id: string;
  activeVersion: number | null;
  liveVersions: number[];
  rebuild: { version: number; startedAt: Date; until: Date } | null;
  rev: number;
  updatedAt: Date;
}

export interface ProjectionRegistryOptions {
  /** How long readers may use a cached active version. Keep below the rebuild's drop delay. Default 5 s. */
  readonly cacheTtlMs?: number;
  readonly clock?: Clock;
}

export class ProjectionRegistry {
  readonly collection: mongo.Collection<ProjectionState>;
  private readonly cache = new Map<string, { version: number | null; at: number }>();
  private readonly cacheTtlMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly db: mongo.Db,
    readonly service: string,
    options: ProjectionRegistryOptions = {},
  ) {
    this.collection = db.collection<ProjectionState>(registryCollectionName(service));
    this.cacheTtlMs = options.cacheTtlMs ?? 5_000;
    this.clock = options.clock ?? systemClock;
  }

  get(name: string): Promise<ProjectionState | null> {
    return this.collection.findOne({ _id: name });
  }

  /** The version readers should use (cached for `cacheTtlMs`); null when none was ever activated. */
  async activeVersion(name: string): Promise<number | null> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(name);
    if (hit && now - hit.at < this.cacheTtlMs) return hit.version;
    const version = (await this.get(name))?.activeVersion ?? null;
    this.cache.set(name, { version, at: now });
    return version;
  }

  /** The collection readers of a Mongo projection query: `<svc>_<base>_v<active>`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async activeCollection<T extends mongo.Document = any>(projection: Pick<ProjectionDefinition, 'name' | 'collectionBase'> | string): Promise<mongo.Collection<T>> {
    const def = typeof projection === 'string' ? { name: projection } : projection;
    const version = await this.activeVersion(def.name);
    if (version === null) throw new ProjectionNotActiveError(`projection ${this.service}.${def.name} has no active version yet`);
    return this.db.collection<T>(projectionCollectionName(this.service, def, version));
  }

  /** First start of a projection: its version becomes active and live at once (no-op if it exists). */
  async bootstrap(name: string, version: number): Promise<ProjectionState> {
    try {
      await this.collection.insertOne({ _id: name, activeVersion: version, liveVersions: [version], rebuild: null, rev: 1, updatedAt: this.clock.now() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return (await this.get(name))!;
  }

  /** Takes the rebuild lock of `name` (one rebuild at a time); a lock past `until` is free again. */
  async lockRebuild(name: string, version: number, leaseMs: number, breakLock = false): Promise<ProjectionState> {
    const now = this.clock.now();
    try {
      await this.collection.insertOne({ _id: name, activeVersion: null, liveVersions: [], rebuild: null, rev: 0, updatedAt: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return this.mutate(name, (state) => {
      if (state.rebuild && state.rebuild.until > now && !breakLock) {
        throw new ProjectionRebuildError('PROJECTIONS.REBUILD_LOCKED', `${name} is being rebuilt to v${state.rebuild.version} since ${state.rebuild.startedAt.toISOString()} (pass --break-lock if that rebuild died)`);
      }
      if (state.activeVersion === version) throw new ProjectionRebuildError('PROJECTIONS.ALREADY_ACTIVE', `${name} v${version} is already the active version`);
      return { rebuild: { version, startedAt: now, until: new Date(now.getTime() + leaseMs) } };
    });
  }

  unlockRebuild(name: string): Promise<ProjectionState> {
    return this.mutate(name, () => ({ rebuild: null }));
  }

  markLive(name: string, version: number): Promise<ProjectionState> {
    return this.mutate(name, (s) => ({ liveVersions: [...new Set([...s.liveVersions, version])].sort((a, b) => a - b) }));
  }

  unmarkLive(name: string, version: number): Promise<ProjectionState> {
    return this.mutate(name, (s) => ({ liveVersions: s.liveVersions.filter((v) => v !== version) }));
  }

  /** Readers switch to `version`; only it stays live, so hosts stop the old version's processor. */
  async activate(name: string, version: number): Promise<ProjectionState> {
    const state = await this.mutate(name, () => ({ activeVersion: version, liveVersions: [version] }));
    this.cache.delete(name);
    return state;
  }

  private async mutate(name: string, change: (state: ProjectionState) => Partial<ProjectionState>): Promise<ProjectionState> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const state = await this.get(name);
      if (!state) throw new ProjectionNotActiveError(`projection ${this.service}.${name} is not registered`);
      const next = { ...change(state), rev: state.rev + 1, updatedAt: this.clock.now() };
      const result = await this.collection.updateOne({ _id: name, rev: state.rev }, { $set: next });
      if (result.matchedCount === 1) return { ...state, ...next };
    }
    throw new ProjectionRebuildError('PROJECTIONS.REGISTRY_CONTENDED', `registry document of ${name} keeps changing; try again`);
  }
}
