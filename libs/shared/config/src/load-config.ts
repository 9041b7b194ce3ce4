import { z } from 'zod';
import { ConfigError } from './config-error';
import type { FieldViolation } from '@plein/shared/kernel';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A config is either one zod schema over the environment, or named sections (`{ http, kafka }`)
 * that each read the environment. Sections keep the app config shaped by concern while every
 * schema's keys stay environment variable names, which is what makes errors name the variable.
 */
export type ConfigSections = Readonly<Record<string, z.ZodType>>;
export type ConfigSchema = z.ZodType | ConfigSections;
export type ConfigOf<S extends ConfigSchema> = S extends z.ZodType
  ? z.output<S>
  : { readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/**
 * Parses `env` against `schema` and returns the typed config, or throws one ConfigError naming
 * every bad or missing setting. Empty strings count as unset (`FOO=` in compose files), so
 * defaults apply to them.
 */
export function loadConfig<S extends ConfigSchema>(schema: S, env: Env = process.env): ConfigOf<S> {
  const input = withoutEmpty(env);
  const violations: FieldViolation[] = [];
  const parse = (s: z.ZodType): unknown => {
    const result = s.safeParse(input);
    if (result.success) return result.data;
    violations.push(...result.error.issues.map((issue) => toViolation(issue, input)));
    return undefined;
  };
  let config: unknown;
  if (schema instanceof z.ZodType) {
    config = parse(schema);
  } else {
    config = Object.fromEntries(Object.entries(schema).map(([name, section]) => [name, parse(section)]));
  }
  if (violations.length > 0) throw new ConfigError(dedupe(violations));
  return config as ConfigOf<S>;
}

function withoutEmpty(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

function toViolation(issue: z.core.$ZodIssue, input: Record<string, string>): FieldViolation {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
  const unset = issue.path.length === 1 && input[String(issue.path[0])] === undefined;
  // zod's own message for a missing key ("expected string, received undefined") reads badly in ops.
  const message = unset && issue.code === 'invalid_type' ? 'is required but not set' : issue.message;
  return { field, message };
}

/** Sections may share a variable (e.g. SERVICE_NAME); report each problem once. */
function dedupe(violations: FieldViolation[]): FieldViolation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.field}\u0000${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
