import type { Admin, Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ConcurrencyConflictError, MongoEventStore, OutboxRelay } from '@plein/shared/event-store';
import type { CommandMetadata, NewEvent } from '@plein/shared/kernel';
import { UNCHECKED_CONTRACTS } from '@plein/shared/messaging';
import { createProjectionStore, projectionProcessor } from '@plein/shared/projections';
import { benchProjection, type AppliedLog } from './bench-projection';
import type { BenchOptions } from './options';
import { waitForStableGroup } from '@plein/bench-kit';

export interface BackboneConnections {
  readonly appender: Connection;
  readonly relay: Connection;
  readonly projection: Connection;
}

export interface BackboneResult {
  readonly events: number;
  /** First append started → last event applied by the projection. */
  readonly ms: number;
  /** First append started → last append returned. */
  readonly appendMs: number;
  /** Append started → the projection's write of that event returned, per event. */
  readonly latenciesMs: readonly number[];
  readonly relayCycles: number;
  /** Appends tried again after a transient server error (a busy server). */
  readonly appendRetries: number;
}

/** Per run, so concurrent runs never share a consumer group (`<service>.bench-counter.v1`). */
export const benchService = (runId: string): string => `bench${runId}`;
export const EVENT_TYPE = 'bench.counter.incremented';

/**
 * Ours, end to end in one process: appenders write to MongoEventStore (`writers` at a time, each
 * owning its streams, `perAppend` events per append), an OutboxRelay publishes, and an idempotent
 * projection (sequence-guarded counter per stream) consumes and applies. Each component has its
 * own MongoDB connection. Timed from the first append to the last event applied.
 */
export async function runBackbone(kafka: Kafka, admin: Admin, connections: BackboneConnections, options: BenchOptions, pad: string, runId: string): Promise<BackboneResult> {
  const topic = `bench.counter.events.${runId}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions }], waitForLeaders: true });
  const service = benchService(runId);
  const appendStore = new MongoEventStore({ connection: connections.appender, service });
  const relayStore = new MongoEventStore({ connection: connections.relay, service });
  await appendStore.init();
  let relayCycles = 0;
  let appendRetries = 0;
  const relay = new OutboxRelay({
    store: relayStore, kafka, topicFor: () => topic, batchStreams: options.relayBatch, pollIntervalMs: 100,
    faults: { afterPublishBeforeMark: () => void relayCycles++ },
  });
  // The appenders' store lives on another connection: forward its in-process append signal.
  appendStore.onAppend(() => relay.nudge());

  const applied: AppliedLog = new Map();
  let appliedCount = 0;
  let allApplied: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allApplied = resolve));
  const projection = benchProjection(topic, options.projection, (keys) => {
    const now = performance.now();
    for (const key of keys) {
      if (applied.has(key)) continue;
      applied.set(key, now);
      if (++appliedCount === options.events) allApplied();
    }
  });
  const runtime = { kafka, service, db: connections.projection.db!, contracts: UNCHECKED_CONTRACTS };
  await createProjectionStore(projection, runtime).ensure(1);
  const processor = projectionProcessor(projection, runtime);

  const perStream = options.events / options.streams;
  const streamIds = Array.from({ length: options.streams }, (_, i) => `counter-${runId}s${String(i).padStart(5, '0')}`);
  const appendStarted = new Map<string, number>();
  try {
    await processor.start();
    await waitForStableGroup(admin, processor.group);
    await relay.start();

    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.writers }, async (_, writer) => {
        const mine = streamIds.filter((_, i) => i % options.writers === writer);
        for (let version = 0; version < perStream; version += options.perAppend) {
          for (const streamId of mine) {
            const events: NewEvent[] = Array.from({ length: options.perAppend }, () => ({ type: EVENT_TYPE, version: 1, data: { by: 1, pad } }));
            const at = performance.now();
            const aggregateId = streamId.slice('counter-'.length);
            for (let k = 1; k <= options.perAppend; k++) appendStarted.set(`${aggregateId}:${version + k}`, at);
            appendRetries += await appendWithRetry(() => appendStore.append(streamId, version, events, metadata(`${streamId}:${version}`)), version, options.perAppend);
          }
        }
      }),
    );
    const appendMs = performance.now() - started;
    await done;
    const ms = performance.now() - started;
    const latenciesMs = [...applied].map(([key, at]) => at - appendStarted.get(key)!);
    return { events: options.events, ms, appendMs, latenciesMs, relayCycles, appendRetries };
  } finally {
    await relay.stop().catch(() => undefined);
    await processor.stop().catch(() => undefined);
    await admin.deleteGroups([processor.group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, processor.deadLetterTopic] }).catch(() => undefined);
  }
}

/**
 * What a command handler does with a lost race (handleCommand) or a client with a 503: try again.
 * Returns the number of retries. A retry that finds its own earlier attempt stored counts as done.
 */
async function appendWithRetry(append: () => Promise<unknown>, expectedVersion: number, added: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await append();
      return attempt;
    } catch (error) {
      if (attempt > 0 && error instanceof ConcurrencyConflictError && error.actualVersion === expectedVersion + added) return attempt;
      const retriable = (error instanceof ConcurrencyConflictError && error.actualVersion === expectedVersion) || (error instanceof Error && error.name === 'MongoServerError');
      if (!retriable || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

const metadata = (causationId: string): CommandMetadata => ({ correlationId: causationId, causationId, actorId: 'system:bench' });
