import { execFile, execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RunningService } from '@plein/shared/platform';
import { bootstrapFeed } from '../../../apps/feed/src/bootstrap';
import { bootstrapProfiles } from '../../../apps/profiles/src/bootstrap';

/**
 * Readiness under real outages: feed (MongoDB + Kafka) and profiles (+ Elasticsearch) run
 * in-process while each local server is stopped and started with tools/infra/infra.sh.
 * Requirement: /ready reports the stopped server down within 5 s, and ready again after the
 * server is back, without restarting the service; liveness stays up throughout.
 */
const ROOT = resolve(__dirname, '../../..');
const INFRA = join(ROOT, 'tools/infra/infra.sh');
const DOWN_WITHIN_MS = 5_000;
const run = promisify(execFile);

type Server = 'mongo' | 'kafka' | 'es';

/**
 * How often one log line (same service, context, consumer and message, numbers aside) may appear
 * in an outage: a few times (a crash, a failed rejoin, a crash while the broker loads), then at
 * most once per 5 s (a consumer's rejoins back off; a retry loop without back-off floods).
 */
const allowedRepeats = (outageMs: number): number => 3 + Math.ceil(outageMs / 5_000);

/** Each distinct log line of `lines` with how often it appears, most repeated first. */
function repeatsOf(lines: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    let key = line;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      key = [entry['service'], entry['context'], entry['consumerGroup'] ?? '', String(entry['msg'])].join(' | ');
    } catch {
      // not JSON: the line itself
    }
    key = key.replace(/\d+/g, '#');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
const CHECK_NAME: Record<Server, string> = { mongo: 'mongodb', kafka: 'kafka', es: 'elasticsearch' };

interface Readiness {
  readonly httpStatus: number;
  readonly status: string;
  readonly checks: Record<string, { status: 'up' | 'down'; reason?: string }>;
}

// Decided at collection time: servers an env var points elsewhere are not ours to stop.
const external = new Set(
  execFileSync('bash', [INFRA, 'status'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, state]) => state === 'external')
    .map(([name]) => name),
);
const itLocal = (server: Server) => (external.has(server) ? it.skip : it);

async function readiness(service: RunningService): Promise<Readiness> {
  const res = await fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(4_000) });
  const body = (await res.json()) as Omit<Readiness, 'httpStatus'>;
  return { httpStatus: res.status, ...body };
}

async function pollUntil(service: RunningService, accept: (r: Readiness) => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last: Readiness | undefined;
  while (Date.now() - started < timeoutMs) {
    last = await readiness(service);
    if (accept(last)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not reached within ${timeoutMs} ms; last /ready: ${JSON.stringify(last)}`);
}

async function infra(command: 'stop' | 'start', server: Server): Promise<void> {
  await run('bash', [INFRA, command, server], { cwd: ROOT, timeout: 600_000 });
}

describe('readiness follows dependency outages', () => {
  let feed: RunningService;
  let profiles: RunningService;
  const stopped = new Set<Server>();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const timings: string[] = [];
  const logLines: string[] = [];
  const realWrite = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    // Count the services' log lines (to catch floods) while still printing them.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (String(chunk).startsWith('{"time"')) logLines.push(...String(chunk).trim().split('\n'));
      return realWrite(chunk, ...rest);
    }) as typeof process.stdout.write;
    const env = { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'info' };
    [feed, profiles] = await Promise.all([bootstrapFeed({ env, handleSignals: false }), bootstrapProfiles({ env, handleSignals: false })]);
    await pollUntil(feed, (r) => r.httpStatus === 200, 30_000);
    await pollUntil(profiles, (r) => r.httpStatus === 200, 30_000);
  }, 60_000);

  afterAll(async () => {
    // Whatever happened, leave the servers running for everyone else.
    for (const server of stopped) await infra('start', server).catch((e: unknown) => console.error(`could not restart ${server}`, e));
    await Promise.all([feed?.close(), profiles?.close()]);
    process.stdout.write = realWrite;
    process.off('unhandledRejection', onUnhandled);
    if (timings.length > 0) console.info(`readiness timings:\n${timings.join('\n')}`);
  }, 600_000);

  const outage = (server: Server, services: () => RunningService[], recoverWithinMs: number) => async () => {
    const check = CHECK_NAME[server];
    const ports = services().map((s) => s.port);
    const linesBefore = logLines.length;
    const outageStarted = Date.now();

    stopped.add(server);
    await infra('stop', server);
    for (const service of services()) {
      const tookMs = await pollUntil(service, (r) => r.httpStatus === 503 && r.checks[check]?.status === 'down', DOWN_WITHIN_MS);
      expect(tookMs).toBeLessThanOrEqual(DOWN_WITHIN_MS);
      timings.push(`${server} down → port ${service.port} reported it in ${tookMs} ms`);
      const during = await readiness(service);
      expect(during.checks[check]?.reason).toEqual(expect.any(String));
      // Only the stopped server is reported down.
      for (const [name, result] of Object.entries(during.checks)) if (name !== check) expect(result.status).toBe('up');
      expect((await fetch(`${service.url}/health`)).status).toBe(200);
    }

    await infra('start', server);
    stopped.delete(server);
    for (const service of services()) {
      const tookMs = await pollUntil(service, (r) => r.httpStatus === 200 && r.status === 'ready', recoverWithinMs);
      timings.push(`${server} up → port ${service.port} ready after ${tookMs} ms`);
    }

    // Same in-process services on the same ports: recovery happened without a restart.
    expect(services().map((s) => s.port)).toEqual(ports);
    expect(unhandled).toEqual([]);
    // An outage is a few transition lines (down/up per service, a crash and a restart per
    // consumer, driver notices), not a flood: no line is repeated over and over while the server
    // is away. (Their number grows with the consumers a service has, their repetition would grow
    // with the outage's length.)
    const repeats = repeatsOf(logLines.slice(linesBefore));
    const allowed = allowedRepeats(Date.now() - outageStarted);
    expect(repeats.filter(([, n]) => n > allowed)).toEqual([]);
  };

  itLocal('mongo')('MongoDB stopped → down within 5 s, back to ready after restart', outage('mongo', () => [feed, profiles], 60_000), 300_000);
  itLocal('kafka')('Kafka stopped → down within 5 s, back to ready after restart', outage('kafka', () => [feed, profiles], 60_000), 300_000);
  itLocal('es')('Elasticsearch stopped → down within 5 s, back to ready after restart', outage('es', () => [profiles], 120_000), 300_000);
});
