import type { Connection } from 'mongoose';
import { UsageError } from './options';

/** One report line on stdout (the benchmarks' output is their report; `ratio=` is the last line). */
export const log = (line: string): void => void process.stdout.write(`${line}\n`);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a benchmark's main and exits: 0 when done; for a UsageError its message and exit code
 * (`--help`: 0 on stdout, else 2 on stderr); 1 with the stack on stderr when it failed.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        (error.exitCode === 0 ? process.stdout : process.stderr).write(`${error.message}\n`);
        process.exit(error.exitCode);
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** The value at quantile `q` (0..1) of `values` (nearest rank); NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Per second: `count` things in `ms` milliseconds. */
export const rate = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY);

/** `12,345.6`: thousands separated, exactly `digits` decimals. */
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Seeded PRNG (mulberry32) in [0, 1): the same seed generates the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `work` for every item, at most `concurrency` at a time, in the items' order of starting. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export interface RoundTripOptions {
  /** Label of the report lines (a component: `append`, `relay`, ...). */
  readonly component?: string;
  /** Renames a command's target collection in the key (per-run names to one stable name). */
  readonly rename?: (collection: string) => string;
}

/** Handshakes and pings, left out of reports. */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'endSessions']);

/**
 * Counts the MongoDB round trips of one connection by command and collection (driver command
 * monitoring: the connection needs `monitorCommands: true`, as benchConnection sets it), to show
 * where the time goes. Counts from construction until `detach()`.
 */
export class RoundTrips {
  private readonly stats = new Map<string, { count: number; ms: number }>();
  private readonly inFlight = new Map<number, { key: string; started: number }>();
  private readonly client: ReturnType<Connection['getClient']>;
  private readonly onStart = (event: { requestId: number; commandName: string; command: Record<string, unknown> }): void => {
    const target = event.command[event.commandName];
    const collection = typeof target === 'string' ? (this.options.rename?.(target) ?? target) : '';
    this.inFlight.set(event.requestId, { key: `${event.commandName} ${collection}`.trim(), started: performance.now() });
  };
  private readonly onDone = (event: { requestId: number }): void => {
    const started = this.inFlight.get(event.requestId);
    if (!started) return;
    this.inFlight.delete(event.requestId);
    const entry = this.stats.get(started.key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started.started;
    this.stats.set(started.key, entry);
  };

  constructor(
    connection: Connection,
    private readonly options: RoundTripOptions = {},
  ) {
    this.client = connection.getClient();
    this.client.on('commandStarted', this.onStart);
    this.client.on('commandSucceeded', this.onDone);
    this.client.on('commandFailed', this.onDone);
  }

  detach(): void {
    this.client.off('commandStarted', this.onStart);
    this.client.off('commandSucceeded', this.onDone);
    this.client.off('commandFailed', this.onDone);
  }

  reset(): void {
    this.stats.clear();
  }

  /** Round trips counted, handshakes and pings included. */
  total(): number {
    return [...this.stats.values()].reduce((sum, s) => sum + s.count, 0);
  }

  private entries(): [string, { count: number; ms: number }][] {
    return [...this.stats].filter(([key]) => !HOUSEKEEPING.has(key.split(' ')[0]!));
  }

  /** One line per command, most frequent first, with round trips per event and mean latency. */
  report(events: number): string[] {
    const component = this.options.component ?? '';
    return this.entries()
      .sort((a, b) => b[1].count - a[1].count)
      .map(([key, s]) => `  ${component.padEnd(10)} ${key.padEnd(36)} ${fmt(s.count).padStart(7)} calls  ${fmt(s.count / events, 2).padStart(6)}/event  ${fmt(s.ms / s.count, 1).padStart(6)} ms avg`);
  }

  /** One line, most time first: `find posts ×3 12 ms; ...`. */
  summary(): string {
    return this.entries()
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([key, s]) => `${key} ×${s.count} ${fmt(s.ms, 0)} ms`)
      .join('; ');
  }
}

/** MongoDB round trips by command and collection while `fn` runs (where a page's time goes). */
export async function profile<T>(connection: Connection, fn: () => Promise<T>): Promise<{ result: T; trips: string }> {
  const trips = new RoundTrips(connection);
  try {
    const result = await fn();
    return { result, trips: trips.summary() };
  } finally {
    trips.detach();
  }
}
