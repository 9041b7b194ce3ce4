/** A bad or unknown option, or `--help` (exit code 0): runBench prints the message and exits with `exitCode`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionValue = number | string | boolean;

export interface NumberRules {
  /** Smallest accepted number (default 0). */
  readonly min?: number;
  /** Whole numbers only (default false). */
  readonly integer?: boolean;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** `steadyPerSecond` → `BENCH_STEADY_PER_SECOND`. */
export const envName = (key: string): string => `BENCH_${kebab(key).replace(/-/g, '_').toUpperCase()}`;

/** The usage line followed by one line per option: flag, default, environment variable. */
export function usageText<T extends { [K in keyof T]: OptionValue }>(defaults: T, usage: string): string {
  const lines = Object.entries<OptionValue>(defaults).map(([key, value]) => `  --${kebab(key).padEnd(20)} ${String(value).padEnd(9)} env ${envName(key)}`);
  return `${usage}\n${lines.join('\n')}`;
}

/**
 * A benchmark's options: `--name value` or `--name=value` flags (kebab-case, camelCase accepted
 * too), else `BENCH_<NAME>` environment variables, else the defaults; each parsed as its
 * default's type (number, boolean `true`/`false`/`1`/`0`, or string). Numbers follow `rules`.
 * Throws UsageError for `--help` (exit code 0), an unknown flag, a stray argument or a bad value.
 */
export function parseOptions<T extends { [K in keyof T]: OptionValue }>(
  defaults: T,
  usage: string,
  rules: NumberRules = {},
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): T {
  const help = usageText(defaults, usage);
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new UsageError(help, 0);
    const match = /^--([A-Za-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${arg}\n${help}`);
    flags.set(kebab(match[1]!), match[2] ?? argv[++i] ?? '');
  }
  const out: Record<string, OptionValue> = {};
  const min = rules.min ?? 0;
  for (const [key, fallback] of Object.entries<OptionValue>(defaults)) {
    const flag = kebab(key);
    const raw = flags.get(flag) ?? env[envName(key)];
    flags.delete(flag);
    if (raw === undefined) out[key] = fallback;
    else if (typeof fallback === 'number') {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value) || value < min || (rules.integer && !Number.isInteger(value))) {
        throw new UsageError(`--${flag} must be ${rules.integer ? 'a whole number' : 'a number'} ≥ ${min}, got "${raw}"`);
      }
      out[key] = value;
    } else if (typeof fallback === 'boolean') {
      if (!['true', 'false', '1', '0'].includes(raw)) throw new UsageError(`--${flag} must be true or false, got "${raw}"`);
      out[key] = raw === 'true' || raw === '1';
    } else out[key] = raw;
  }
  if (flags.size > 0) throw new UsageError(`unknown option --${[...flags.keys()][0]}\n${help}`);
  return out as T;
}
