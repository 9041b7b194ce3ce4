import { envName, inParallel, parseOptions, percentile, prng, UsageError, usageText } from './index';

const DEFAULTS = { members: 10_000, steadyPerSecond: 20, projection: 'batch', profile: true };
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}, rules = {}) => parseOptions(DEFAULTS, 'bench [options]', rules, argv, env);
const usageError = (fn: () => unknown): UsageError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('no UsageError');
};

describe('parseOptions', () => {
  it('answers the defaults without flags or environment', () => {
    expect(parse([])).toEqual(DEFAULTS);
  });

  it('reads `--name value`, `--name=value`, camelCase flags and each default type', () => {
    expect(parse(['--members', '500', '--steady-per-second=7', '--projection', 'per-event', '--profile=false'])).toEqual({ members: 500, steadyPerSecond: 7, projection: 'per-event', profile: false });
    expect(parse(['--steadyPerSecond=3']).steadyPerSecond).toBe(3);
  });

  it('falls back to BENCH_<NAME> environment variables, flags winning', () => {
    expect(parse([], { BENCH_STEADY_PER_SECOND: '9', BENCH_MEMBERS: '12' })).toMatchObject({ steadyPerSecond: 9, members: 12 });
    expect(parse(['--members', '1'], { BENCH_MEMBERS: '12' }).members).toBe(1);
  });

  it('refuses unknown flags, stray arguments and bad values with exit code 2', () => {
    for (const argv of [['--member', '5'], ['5'], ['--members', 'many'], ['--members', '-1'], ['--members='], ['--profile', 'yes']]) {
      expect(usageError(() => parse(argv)).exitCode).toBe(2);
    }
    expect(usageError(() => parse(['--members', '1.5'], {}, { integer: true })).message).toContain('--members must be a whole number');
    expect(usageError(() => parse(['--members', '0'], {}, { min: 1 })).message).toContain('≥ 1');
    expect(usageError(() => parse([], { BENCH_MEMBERS: 'x' })).message).toContain('--members');
  });

  it('answers the option list for --help with exit code 0', () => {
    const help = usageError(() => parse(['--help']));
    expect(help.exitCode).toBe(0);
    expect(help.message).toBe(usageText(DEFAULTS, 'bench [options]'));
    expect(help.message).toContain('--steady-per-second');
    expect(help.message).toContain(envName('steadyPerSecond'));
    expect(envName('steadyPerSecond')).toBe('BENCH_STEADY_PER_SECOND');
  });
});

describe('percentile', () => {
  it('is the nearest rank, whatever the input order', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 0.1)).toBe(1);
    expect(percentile(values, 0.11)).toBe(2);
    expect(values[0]).toBe(5);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('prng', () => {
  it('repeats for a seed and differs between seeds, within [0, 1)', () => {
    const a = prng(42);
    const b = prng(42);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(Array.from({ length: 1000 }, prng(43))).not.toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(990);
  });
});

describe('inParallel', () => {
  it('does every item once with at most `concurrency` in flight', async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const done: number[] = [];
    let inFlight = 0;
    let most = 0;
    await inParallel(items, 3, async (item) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, item % 4));
      inFlight--;
      done.push(item);
    });
    expect([...done].sort((x, y) => x - y)).toEqual(items);
    expect(most).toBe(3);
  });

  it('returns at once for no items', async () => {
    await expect(inParallel([], 4, async () => undefined)).resolves.toBeUndefined();
  });
});
