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

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string): string => `BENCH_${kebab(key).replace(/-/g, '_').toUpperCase()}`;

export const USAGE = `npm run bench:backbone -- [options]   (expects the local servers: npm run infra:up)
${Object.entries(DEFAULTS)
  .map(([key, value]) => `  --${kebab(key).padEnd(14)} ${String(value).padEnd(9)} env ${envName(key)}`)
  .join('\n')}`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${arg}\n${USAGE}`);
    flags.set(match[1]!, match[2] ?? argv[++i] ?? '');
  }
  const out: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    const raw = flags.get(kebab(key)) ?? env[envName(key)];
    flags.delete(kebab(key));
    if (raw === undefined) out[key] = fallback;
    else if (typeof fallback === 'number') {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${kebab(key)} must be a positive integer, got "${raw}"`);
      out[key] = n;
    } else if (typeof fallback === 'boolean') out[key] = raw !== 'false' && raw !== '0';
    else out[key] = raw;
  }
  if (flags.size > 0) throw new UsageError(`unknown option --${[...flags.keys()][0]}\n${USAGE}`);
  const options = out as unknown as BenchOptions;
  if (options.projection !== 'batch' && options.projection !== 'per-event') throw new UsageError('--projection must be batch or per-event');
  if (options.events % (options.streams * options.perAppend) !== 0) {
    throw new UsageError(`--events (${options.events}) must be a multiple of --streams × --per-append (${options.streams * options.perAppend})`);
  }
  return options;
}

export class UsageError extends Error {}
