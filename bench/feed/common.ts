import { cpus, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import { FeedInfrastructure } from '@plein/feed/infrastructure';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';

export const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** Runs a benchmark's main and exits: 0 when done, 1 with the stack on stderr when it failed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** `--name value` flags, else `BENCH_<NAME>` environment variables, else the defaults. */
export function parseOptions<T extends Record<string, number>>(defaults: T, usage: string): T {
  const argv = process.argv.slice(2);
  const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!match || match[1] === 'help') {
      log(`${usage}\n${Object.entries(defaults).map(([k, v]) => `  --${kebab(k).padEnd(20)} ${String(v).padEnd(8)} env BENCH_${kebab(k).replace(/-/g, '_').toUpperCase()}`).join('\n')}`);
      process.exit(match ? 0 : 2);
    }
    flags.set(match[1]!, match[2] ?? argv[++i] ?? '');
  }
  const out: Record<string, number> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    const raw = flags.get(kebab(key)) ?? process.env[`BENCH_${kebab(key).replace(/-/g, '_').toUpperCase()}`];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${kebab(key)} must be a non-negative number, got ${raw}`);
    out[key] = value;
  }
  return out as T;
}

/** The value at quantile `q` (0..1) of `values` (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Seeded PRNG (mulberry32): the same parameters generate the same organisation. */
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

export interface BenchFeed {
  readonly infra: FeedInfrastructure;
  readonly connection: Connection;
  close(): Promise<void>;
}

/**
 * The feed's real infrastructure (read models, home-timeline store, services' dependencies) on
 * a fresh database, without the Kafka side (consumers off): the benchmarks drive the read and
 * fan-out paths directly. The database is dropped at the end.
 */
export async function startBenchFeed(threshold: number): Promise<BenchFeed> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_bench_feed_${runId}`, serverSelectionTimeoutMS: 10_000, monitorCommands: true }).asPromise();
  const kafka = new Kafka({ clientId: `bench-feed-${runId}`, brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  const infra = new FeedInfrastructure({ connection, kafka, service: 'feed', consumers: false, fanOut: { threshold } });
  await infra.init();
  return {
    infra,
    connection,
    close: async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

export async function machine(connection: Connection): Promise<string> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const server = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion} (MongoDB wire ${info.version})` : `MongoDB ${info.version}`;
  return `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.versions.node}; ${server}`;
}

/** MongoDB round trips by command and collection while `fn` runs (where a page's time goes). */
export async function profile<T>(connection: Connection, fn: () => Promise<T>): Promise<{ result: T; trips: string }> {
  const client = connection.getClient();
  const started = new Map<number, { key: string; at: number }>();
  const totals = new Map<string, { n: number; ms: number }>();
  const onStart = (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => {
    const target = e.command[e.commandName];
    started.set(e.requestId, { key: `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim(), at: performance.now() });
  };
  const onEnd = (e: { requestId: number }) => {
    const s = started.get(e.requestId);
    if (!s) return;
    const t = totals.get(s.key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += performance.now() - s.at;
    totals.set(s.key, t);
  };
  client.on('commandStarted', onStart);
  client.on('commandSucceeded', onEnd);
  try {
    const result = await fn();
    const trips = [...totals].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => `${k} ×${v.n} ${fmt(v.ms, 0)} ms`).join('; ');
    return { result, trips };
  } finally {
    client.off('commandStarted', onStart);
    client.off('commandSucceeded', onEnd);
  }
}
