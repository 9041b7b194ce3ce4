import { parseOptions as parseBenchOptions, UsageError } from '@plein/bench-kit';

/**
 * Benchmark parameters: `--name value` flags, else `BENCH_<NAME>` environment variables, else the
 * defaults (sized to finish in a few minutes on a 2-core machine with FerretDB).
 */
export interface BenchOptions {
  /** Events appended (and raw messages produced). */
  readonly events: number;
  /** Streams (aggregates) the events are spread over. */
  readonly streams: number;
  /** Events per append (one decision emitting several events). */
  readonly perAppend: number;
  /** Target size in bytes of one message value (the JSON envelope); raw messages copy it exactly. */
  readonly payloadBytes: number;
  /** Concurrent appenders (each owns a disjoint set of streams). */
  readonly writers: number;
  /** Partitions of both topics. */
  readonly partitions: number;
  /** `batch`: the projection applies a partition batch at once (applyBatch); `per-event`: one guarded write per event. */
  readonly projection: 'batch' | 'per-event';
  /** Streams the relay claims per cycle. */
  readonly relayBatch: number;
  /** Messages per raw `sendBatch` call. */
  readonly rawBatch: number;
  /** Print the MongoDB round-trip profile per component. */
  readonly profile: boolean;
}

export const DEFAULTS: BenchOptions = {
  events: 10_000,
  streams: 500,
  perAppend: 10,
  payloadBytes: 512,
  writers: 8,
  partitions: 6,
  projection: 'batch',
  relayBatch: 200,
  rawBatch: 1_000,
  profile: true,
};

export const USAGE = 'npm run bench:backbone -- [options]   (expects the local servers: npm run infra:up)';

/** The kit's flags and environment variables (whole numbers ≥ 1), then the combinations this benchmark needs. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const options = parseBenchOptions(DEFAULTS, USAGE, { min: 1, integer: true }, argv, env);
  if (options.projection !== 'batch' && options.projection !== 'per-event') throw new UsageError('--projection must be batch or per-event');
  if (options.events % (options.streams * options.perAppend) !== 0) {
    throw new UsageError(`--events (${options.events}) must be a multiple of --streams × --per-append (${options.streams * options.perAppend})`);
  }
  return options;
}
