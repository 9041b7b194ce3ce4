import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { parse } from 'yaml';

/**
 * The service generator's output passes lint (module boundaries included), type-check, the unit
 * tests, its own integration suite against the real servers and the chart's checks, as generated.
 * It runs in a throw-away git worktree under the system temp dir (node_modules linked in), so the
 * checkout is never touched; the worktree is removed in every case.
 */
const ROOT = path.join(__dirname, '../..');
const GENERATOR = path.join(__dirname, 'new-service.mjs');
const NAME = 'zzsample';
const BIN = path.join(ROOT, 'node_modules/.bin');
// PLEIN_TEST_RESULTS unset: the generated service's test runs check the generator; they are not
// tests of this checkout and must not count in npm test's totals.
const env = { ...process.env, PLEIN_TEST_RESULTS: '', PATH: `${path.dirname(process.execPath)}${path.delimiter}${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

const generate = (root: string, ...args: string[]) => spawnSync(process.execPath, [GENERATOR, ...args, '--root', root], { cwd: ROOT, env, encoding: 'utf8' });
const run = (cwd: string, command: string, args: string[]): string => {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  // Plain text even when the caller forces colours (Nx does): the assertions read Jest's summary.
  return stripVTControlCharacters(result.stdout + result.stderr);
};

describe('tools/workspace/new-service.mjs', () => {
  let worktree: string;

  beforeAll(() => {
    worktree = path.join(mkdtempSync(path.join(tmpdir(), 'plein-new-service-')), 'checkout');
    execFileSync('git', ['worktree', 'add', '--detach', worktree, 'HEAD'], { cwd: ROOT, stdio: 'ignore' });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(worktree, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (!worktree) return;
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: ROOT, stdio: 'ignore' });
    rmSync(path.dirname(worktree), { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: ROOT, stdio: 'ignore' });
  });

  it('refuses a name that is not 2-20 lower-case letters, or that is taken, and writes nothing', () => {
    for (const bad of ['', 'Insights', 'zz-sample', 'a', 'x'.repeat(21), '../etc', 'feed2']) {
      const result = generate(worktree, ...(bad ? [bad] : []));
      expect({ bad, status: result.status }).toEqual({ bad, status: 2 });
    }
    const taken = generate(worktree, 'profiles');
    expect([taken.status, taken.stderr]).toEqual([2, expect.stringContaining('apps/profiles or libs/profiles exists already')]);
    expect(run(worktree, 'git', ['status', '--porcelain', '--', '.', ':!node_modules'])).toBe('');
  });

  it('generates a service whose projects pass lint, type-check, unit and integration tests and the chart checks', () => {
    const out = generate(worktree, NAME);
    expect([out.status, out.stderr]).toEqual([0, '']);

    // Registered on the next free port, in the chart, compose, the lint scopes and the README.
    const values = parse(readFileSync(path.join(worktree, 'deploy/helm/plein/values.yaml'), 'utf8')) as { services: Record<string, { port: number; uses: string[] }> };
    const ports = Object.values(values.services).map((s) => s.port);
    expect(values.services[NAME]).toEqual({ enabled: true, port: Math.max(...ports), uses: ['kafka', 'mongodb', 'identity'], config: {}, secretEnv: {} });
    expect(new Set(ports).size).toBe(ports.length);
    const compose = parse(readFileSync(path.join(worktree, 'deploy/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, { environment: Record<string, unknown> }> };
    expect(compose.services[NAME]?.environment).toMatchObject({ SERVICE_NAME: NAME, HTTP_PORT: values.services[NAME]!.port, AUTH_JWKS_URL: 'http://identity:3001/.well-known/jwks.json' });
    expect(readFileSync(path.join(worktree, 'eslint.config.mjs'), 'utf8')).toContain(`sourceTag: 'scope:${NAME}'`);
    expect(readFileSync(path.join(worktree, 'README.md'), 'utf8')).toContain(`| ${NAME} | ${values.services[NAME]!.port} |`);

    const projects = ['apps', 'libs/contracts', 'libs/domain', 'libs/application', 'libs/infrastructure'].map((p) => (p === 'apps' ? `apps/${NAME}` : p.replace('libs/', `libs/${NAME}/`)));
    // Lint with the module-boundary rule live: it needs the project graph, which nx computes.
    expect(run(worktree, 'nx', ['show', 'projects'])).toContain(`${NAME}-domain`);
    expect(run(worktree, 'eslint', ['--max-warnings=0', ...projects])).not.toContain('ProjectGraph');
    for (const project of projects) run(worktree, 'tsc', ['-p', `${project}/tsconfig.json`, '--noEmit']);
    for (const project of projects.slice(1)) expect(run(worktree, 'jest', ['-c', `${project}/jest.config.js`, '--ci'])).toMatch(/Tests: +\d+ passed, \d+ total/);
    expect(run(worktree, 'jest', ['-c', `apps/${NAME}/jest.int.config.js`, '--ci'])).toMatch(/Tests: +10 passed, 10 total/);
    // The chart checks that read each service's config schema and compare compose with the chart.
    expect(run(worktree, 'jest', ['-c', 'tools/deploy/jest.config.js', '--ci', '-t', 'settings that its own configuration schema accepts|runs the services of the chart on the same ports'])).toMatch(
      /Tests: +\d+ skipped, 3 passed/,
    );
  }, 150_000);

  it('never leaves the generated service in the checkout', () => {
    expect(existsSync(path.join(ROOT, 'apps', NAME))).toBe(false);
    expect(existsSync(path.join(ROOT, 'libs', NAME))).toBe(false);
  });
});
