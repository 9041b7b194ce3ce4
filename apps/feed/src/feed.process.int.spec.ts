import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * Builds the feed service and runs it the way production does
 * (`node -r <dist>/tools/runtime/register.js <dist>/apps/feed/src/main.js`) to check what only a
 * real process shows: alias hook + telemetry preload, SIGTERM → exit 0, bad config → exit 1.
 * It compiles with tsconfig.build.json, limited to the feed app and the runtime hook, into its
 * own folder: unrelated work-in-progress elsewhere cannot break it, and it never races a
 * concurrent `npm run build` over dist/.
 */
const ROOT = resolve(__dirname, '../../..');
const OUT = join(ROOT, 'tmp', 'feed-process-test');
const DIST = join(OUT, 'dist');

function build(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const tsconfig = {
    extends: '../../tsconfig.build.json',
    compilerOptions: { outDir: 'dist', rootDir: '../..', sourceMap: false },
    include: ['../../apps/feed/src/**/*.ts', '../../tools/runtime/**/*.ts'],
    exclude: ['../../**/*.spec.ts', '../../**/testing/**'], // as tsconfig.build.json: test kits are not shipped
  };
  writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify(tsconfig));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { cwd: ROOT, stdio: 'pipe' });
}

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exit: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['-r', join(DIST, 'tools/runtime/register.js'), join(DIST, 'apps/feed/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...pick(['KAFKA_BROKERS', 'MONGODB_URI']), ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exit, stdout: () => out, stderr: () => err };
}

const pick = (names: string[]): Record<string, string> =>
  Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]!]] : [])));

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A stand-in OTLP/HTTP collector: records the JSON bodies posted to /v1/traces. */
async function startCollector(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('feed as a built process', () => {
  beforeAll(build, 120_000);
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it('serves, traces, logs JSON lines, and exits 0 on SIGTERM', async () => {
    const collector = await startCollector();
    const run = start({ HTTP_PORT: '0', SERVICE_NAME: 'feed-process-test', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    try {
      const listening = await waitFor(() => jsonLines(run.stdout()).find((l) => l['msg'] === 'feed-process-test listening'), 30_000);
      const res = await fetch(`${String(listening['url'])}/health`);
      expect(res.status).toBe(200);
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const problem = await fetch(`${String(listening['url'])}/nope`, { headers: { traceparent } });
      expect(problem.status).toBe(404);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      // register.ts started telemetry before Nest loaded: the request became a server span that
      // continues the caller's trace, and shutdown flushed it to the collector.
      const exported = collector.bodies.join('\n');
      expect(exported).toContain('feed-process-test');
      expect(exported).toContain('0af7651916cd43dd8448eb211c80319c');
      const lines = jsonLines(run.stdout());
      expect(lines.every((l) => l['service'] === 'feed-process-test' && typeof l['time'] === 'string')).toBe(true);
      expect(lines.some((l) => l['msg'] === 'Shutting down' && l['reason'] === 'SIGTERM')).toBe(true);
    } finally {
      run.child.kill('SIGKILL');
      collector.server.close();
    }
  }, 60_000);

  it('exits 1 naming every bad setting when the configuration is invalid', async () => {
    const run = start({ HTTP_PORT: 'eighty', KAFKA_BROKERS: 'no-port-here', LOG_LEVEL: 'loud' });
    expect(await run.exit).toBe(1);
    const fatal = jsonLines(run.stdout()).find((l) => l['level'] === 'fatal');
    expect(fatal).toMatchObject({ msg: 'Invalid configuration', code: 'CONFIG.INVALID' });
    expect((fatal!['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['HTTP_PORT', 'LOG_LEVEL', 'KAFKA_BROKERS']);
    for (const name of ['HTTP_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL']) expect(run.stderr()).toContain(name);
  }, 30_000);
});
