import { fetchConsumerLag } from '@plein/shared/messaging';
import type { Admin } from 'kafkajs';
import type { mongo } from 'mongoose';
import { ProjectionRebuildError } from './errors';
import { projectionGroupId, type EventSource, type ProjectionDefinition } from './projection';
import { projectionProcessor, type ProjectionRuntime } from './projection-processor';
import { ProjectionRegistry } from './projection-registry';
import { createProjectionStore } from './projection-store';

export type RebuildVerification = 'checksum' | 'count' | 'none';

export interface RebuildOptions extends ProjectionRuntime {
  readonly db: mongo.Db;
  /** The definition of the version to build (its `version` is the target). */
  readonly projection: ProjectionDefinition;
  readonly eventSource: EventSource;
  /**
   * How the new version is compared with the active one before reads switch. `checksum`: same
   * documents (a rebuild of unchanged logic, e.g. after a repair); `count` (default): same number
   * of documents; `none`: the new version is meant to differ. On mismatch nothing is switched.
   */
  readonly verify?: RebuildVerification;
  /** How long the new (and the active) version may take to reach lag 0. Default 10 min. */
  readonly catchUpTimeoutMs?: number;
  /** Grace between switching reads and dropping the old version (readers cache the active version). Default 15 s. */
  readonly dropDelayMs?: number;
  readonly lockLeaseMs?: number;
  readonly breakLock?: boolean;
}

export interface RebuildReport {
  readonly name: string;
  readonly fromVersion: number | null;
  readonly toVersion: number;
  /** Events of the projection's aggregate types replayed from the event store. */
  readonly replayed: number;
  readonly counts: { readonly active: number | null; readonly rebuilt: number };
  readonly checksums: { readonly active: string; readonly rebuilt: string } | null;
  readonly durationMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Blue-green rebuild (docs/projections.md, "Rebuilding: one command"):
 * 1. lock; note the topics' high watermarks and commit them as the offsets of group `<svc>.<name>.v<N>`;
 * 2. replay the event store into the fresh v<N> (everything published before the watermarks was
 *    stored before it, so the store covers it; everything after is read from Kafka);
 * 3. mark v<N> live: its processor (here, and in every running ProjectionHost) catches up from the
 *    watermarks; events seen twice are no-ops thanks to the idempotency guards;
 * 4. once v<N> and the active version have no lag, compare them (`verify`);
 * 5. switch reads to v<N> (registry, Elasticsearch alias), wait `dropDelayMs`, drop the old version
 *    and its consumer group.
 * Before the switch any failure rolls back: v<N> is dropped and the active version is untouched.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildReport> {
  const started = Date.now();
  const { projection, service, kafka } = options;
  const name = projection.name;
  const toVersion = projection.version;
  const log = (msg: string, fields: Record<string, unknown> = {}) => options.logger?.info(`rebuild ${service}.${name} v${toVersion}: ${msg}`, fields);
  const registry = new ProjectionRegistry(options.db, service, { cacheTtlMs: 0 });
  const store = createProjectionStore(projection, options);
  const group = projectionGroupId(service, projection, toVersion);
  const catchUpTimeoutMs = options.catchUpTimeoutMs ?? 600_000;
  const state = await registry.lockRebuild(name, toVersion, options.lockLeaseMs ?? 6 * 3600_000, options.breakLock);
  const fromVersion = state.activeVersion;
  const admin = kafka.admin();
  let processor: ReturnType<typeof projectionProcessor> | undefined;
  let switched = false;
  try {
    await admin.connect();
    if (state.liveVersions.includes(toVersion)) await registry.unmarkLive(name, toVersion); // leftover of a crashed rebuild
    await deleteGroup(admin, group, catchUpTimeoutMs);
    await store.prepare(toVersion);
    for (const topic of projection.topics) {
      const partitions = (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
      await admin.setOffsets({ groupId: group, topic, partitions });
    }
    log('replaying the event store', { consumerGroup: group });
    const replayed = await replay(options, store.context(toVersion, 'rebuild'));
    log('replayed; catching up from Kafka', { count: replayed });
    await registry.markLive(name, toVersion);
    processor = projectionProcessor(projection, options);
    await processor.start();
    await waitForNoLag(admin, group, projection.topics, catchUpTimeoutMs);

    const verify = options.verify ?? 'count';
    const rebuiltCount = await store.count(toVersion);
    let comparison: Pick<RebuildReport, 'counts' | 'checksums'> = { counts: { active: null, rebuilt: rebuiltCount }, checksums: null };
    if (fromVersion !== null && verify !== 'none') comparison = await compare(options, admin, fromVersion, verify, catchUpTimeoutMs);
    await store.switchReads(toVersion);
    await registry.activate(name, toVersion);
    switched = true;
    log('reads switched', { status: `v${fromVersion ?? '-'} -> v${toVersion}` });
    await processor.stop();
    processor = undefined;
    if (fromVersion !== null) {
      await sleep(options.dropDelayMs ?? 15_000);
      await store.drop(fromVersion);
      await deleteGroup(admin, projectionGroupId(service, projection, fromVersion), catchUpTimeoutMs).catch((error) =>
        options.logger?.warn('old consumer group not deleted', { consumerGroup: projectionGroupId(service, projection, fromVersion), reason: String(error) }),
      );
    }
    return { name, fromVersion, toVersion, replayed, ...comparison, durationMs: Date.now() - started };
  } catch (error) {
    await processor?.stop();
    if (!switched) {
      await registry.unmarkLive(name, toVersion).catch(() => undefined);
      await store.drop(toVersion).catch(() => undefined);
      await deleteGroup(admin, group, 10_000).catch(() => undefined);
    }
    throw error;
  } finally {
    await registry.unlockRebuild(name).catch(() => undefined);
    await admin.disconnect();
  }
}

async function replay(options: RebuildOptions, ctx: ReturnType<ReturnType<typeof createProjectionStore>['context']>): Promise<number> {
  const types = new Set(options.projection.aggregateTypes);
  const apply = options.projection.apply as (envelope: Parameters<ProjectionDefinition['apply']>[0], ctx: unknown) => Promise<void>;
  let count = 0;
  for await (const stored of options.eventSource.readAll({ aggregateTypes: options.projection.aggregateTypes })) {
    if (!types.has(stored.aggregateType)) continue;
    // Stored events were validated when appended; they are upcast like the live ones.
    await apply(options.contracts.upcast(stored), ctx);
    count++;
  }
  return count;
}

async function compare(options: RebuildOptions, admin: Admin, fromVersion: number, verify: RebuildVerification, timeoutMs: number): Promise<Pick<RebuildReport, 'counts' | 'checksums'>> {
  const { projection, service } = options;
  const store = createProjectionStore(projection, options);
  const activeStore = createProjectionStore({ ...projection, version: fromVersion }, options);
  let last: Pick<RebuildReport, 'counts' | 'checksums'> | undefined;
  // Both versions are fed live; they agree only when both caught up to the same offsets, so a
  // mismatch is re-checked a few times before it counts.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await waitForNoLag(admin, projectionGroupId(service, projection, fromVersion), projection.topics, timeoutMs);
    await waitForNoLag(admin, projectionGroupId(service, projection, projection.version), projection.topics, timeoutMs);
    const counts = { active: await activeStore.count(fromVersion), rebuilt: await store.count(projection.version) };
    const checksums = verify === 'checksum' ? { active: await activeStore.checksum(fromVersion), rebuilt: await store.checksum(projection.version) } : null;
    last = { counts, checksums };
    if (counts.active === counts.rebuilt && (!checksums || checksums.active === checksums.rebuilt)) return last;
    if (attempt < 3) await sleep(1_000);
  }
  throw new ProjectionRebuildError('PROJECTIONS.MISMATCH', `${service}.${projection.name} v${projection.version} differs from v${fromVersion} (${verify}); reads stay on v${fromVersion}`, { ...last });
}

async function waitForNoLag(admin: Admin, groupId: string, topics: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lag = await fetchConsumerLag(admin, groupId, topics);
    if (lag.total === 0) return;
    if (Date.now() > deadline) {
      throw new ProjectionRebuildError('PROJECTIONS.CATCH_UP_TIMEOUT', `group ${groupId} still lags by ${lag.total} after ${timeoutMs} ms (is its processor running?)`, { lag: lag.total });
    }
    await sleep(250);
  }
}

/** Deletes a consumer group; waits while members (a host that has not noticed yet) are still in it. */
async function deleteGroup(admin: Admin, groupId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.deleteGroups([groupId]);
      return;
    } catch (error) {
      const codes = ((error as { groups?: { error?: { type?: string } }[] }).groups ?? []).map((g) => g.error?.type);
      if (codes.includes('GROUP_ID_NOT_FOUND')) return;
      if (!codes.includes('NON_EMPTY_GROUP') || Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}
