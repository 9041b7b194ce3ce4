import type { RouteSpec } from './api-route';
import { jsonSchemaOf } from './openapi';

/** The JSON Schema subset the route declarations generate. */
interface Schema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly examples?: readonly unknown[];
}

/** `min`: required fields, shortest strings, fewest items, lowest numbers; `max`: every field at its limits (strings of emoji, one code point each). */
export type ExampleMode = 'min' | 'max';

const UUID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const DATE_TIME = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function stringOf(schema: Schema, mode: ExampleMode): string {
  if (schema.format === 'uuid') return mode === 'max' ? UUID.toUpperCase() : UUID;
  if (schema.format === 'date-time') return DATE_TIME;
  if (schema.format === 'uri') return 'https://example.org/';
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 8);
  const length = mode === 'min' ? Math.max(min, schema.pattern ? 1 : 0) : max;
  const fits = (s: string): boolean => [...s].length >= min && [...s].length <= max && (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
  // A pattern the generic candidates do not fit names its own (`examples`).
  const own = (schema.examples ?? []).filter((e): e is string => typeof e === 'string');
  const candidates = [...own, ...(mode === 'max' ? ['😀'.repeat(length), 'é'.repeat(length)] : []), 'a'.repeat(length), 'text/plain', '1', ''];
  const found = candidates.find(fits);
  if (found === undefined) throw new Error(`no example for string schema ${JSON.stringify(schema)}`);
  return found;
}

/**
 * Example values a schema allows: one per variant of each `oneOf`/`anyOf` (nested choices take
 * turns), so every variant is exercised. Used to check that what a document allows is accepted.
 */
export function examplesOf(schema: Schema, mode: ExampleMode): unknown[] {
  if (schema.const !== undefined) return [schema.const];
  if (schema.enum) return mode === 'min' ? [schema.enum[0]] : [...schema.enum];
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return variants.flatMap((v) => examplesOf(v, mode));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return [stringOf(schema, mode)];
    case 'integer':
    case 'number':
      return [mode === 'min' ? (schema.minimum ?? 0) : (schema.maximum ?? schema.minimum ?? 1_000)];
    case 'boolean':
      return [mode === 'max'];
    case 'null':
      return [null];
    case 'array': {
      const items = schema.items ? examplesOf(schema.items, mode) : ['x'];
      const count = mode === 'min' ? (schema.minItems ?? 0) : (schema.maxItems ?? Math.max(schema.minItems ?? 0, 3));
      return [Array.from({ length: count }, (_, k) => items[k % items.length])];
    }
    case 'object':
    case undefined: {
      const names = Object.keys(schema.properties ?? {}).filter((name) => mode === 'max' || (schema.required ?? []).includes(name));
      const options = names.map((name) => examplesOf(schema.properties![name]!, mode));
      const count = Math.max(1, ...options.map((o) => o.length));
      return Array.from({ length: count }, (_, k) => Object.fromEntries(names.map((name, i) => [name, options[i]![k % options[i]!.length]])));
    }
    default:
      return [null];
  }
}

/** Requests a route's declaration allows (path and query values as strings), for both modes. */
export function exampleRequests(spec: RouteSpec): { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown }[] {
  const out: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown }[] = [];
  for (const mode of ['min', 'max'] as const) {
    const strings = (value: unknown): Record<string, unknown> => Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const params = spec.params ? examplesOf(jsonSchemaOf(spec.params) as Schema, mode).map(strings) : [{}];
    const query = spec.query ? examplesOf(jsonSchemaOf(spec.query) as Schema, mode).map(strings) : [{}];
    const bodies = spec.body ? examplesOf(jsonSchemaOf(spec.body) as Schema, mode) : [undefined];
    const count = Math.max(params.length, query.length, bodies.length);
    for (let k = 0; k < count; k++) out.push({ params: params[k % params.length]!, query: query[k % query.length]!, body: bodies[k % bodies.length] });
  }
  return out;
}
