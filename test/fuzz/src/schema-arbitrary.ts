import fc from 'fast-check';

/**
 * JSON Schema (the subset our OpenAPI documents use) to fast-check arbitraries of VALID values:
 * object/required/properties/additionalProperties, string (format uuid, date-time, date, uri,
 * email; minLength/maxLength; pattern), enum/const, integer and number with bounds, boolean,
 * array with items/minItems/maxItems/uniqueItems, oneOf/anyOf/allOf, $ref to the document's
 * components, and nullable types (3.1 `type: [x, 'null']` and 3.0 `nullable: true`).
 * Valid values are kept small (arrays of at most 3 items by default, strings up to 40 characters);
 * the hostile mutator (hostile.ts) is what sends the huge ones.
 */
export type Schema = { readonly [key: string]: unknown };

const MAX_DEPTH = 5;
const MAX_NESTING = 12;

/** Resolves a local `#/a/b` reference against the document (JSON Pointer, ~0 and ~1 escapes). */
export function resolveRef(doc: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined || node === null || typeof node !== 'object') throw new Error(`$ref ${ref} does not resolve`);
  return node as Schema;
}

/** Follows `$ref` until a schema without one (a cycle of pure references is an error). */
export function deref(doc: Schema, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current['$ref'] === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${String(current['$ref'])}`);
    current = resolveRef(doc, current['$ref']);
  }
  return current;
}

const types = (schema: Schema): string[] => {
  const t = schema['type'];
  const list = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
  if (schema['nullable'] === true && !list.includes('null')) list.push('null');
  return list;
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = num(schema['minLength']) ?? 0;
  const maxLength = Math.max(minLength, Math.min(num(schema['maxLength']) ?? 40, 200));
  switch (schema['format']) {
    case 'uuid':
      return fc.uuid({ version: [4, 7] });
    case 'date-time':
      return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
  }
  // Code points, not graphemes, so that maxLength (counted in code points) holds.
  const plain = fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'binary', minLength, maxLength }));
  return typeof schema['pattern'] === 'string' ? (matching(schema['pattern'] as string) ?? plain) : plain;
}

/**
 * Strings matching a pattern, or undefined when fast-check cannot generate them (lookaheads and
 * lookbehinds are not implemented there): then the caller's plain strings stand in, best effort.
 */
function matching(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    const arbitrary = fc.stringMatching(new RegExp(pattern));
    fc.sample(arbitrary, { seed: 1, numRuns: 50 });
    return arbitrary;
  } catch {
    return undefined;
  }
}

/** Known values by name (ids of real content): free string properties and parameters of that name draw from them half the time. */
export type Hints = Readonly<Record<string, readonly string[]>>;

/** A string schema without enum/const: hinted values cannot break what the schema says. */
export const acceptsHints = (schema: Schema): boolean => types(schema).includes('string') && !('const' in schema) && !Array.isArray(schema['enum']);

function objectArbitrary(doc: Schema, schema: Schema, depth: number, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (depth >= MAX_DEPTH && !required.has(name)) continue; // deep down, only what is required
    const own = arbitraryFor(doc, property, depth + 1, hints);
    const known = hints[name];
    record[name] = known && known.length > 0 && acceptsHints(deref(doc, property)) ? fc.oneof(fc.constantFrom(...known), own) : own;
  }
  const requiredKeys = Object.keys(record).filter((k) => required.has(k));
  const base = fc.record(record, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
  const additional = schema['additionalProperties'];
  if (additional && typeof additional === 'object' && Object.keys(properties).length === 0) {
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryFor(doc, additional as Schema, depth + 1, hints), { maxKeys: 3 });
  }
  return base;
}

/** An arbitrary of values that validate against `schema` (resolved within `doc`). */
export function arbitraryFor(doc: Schema, input: Schema, depth = 0, hints: Hints = {}): fc.Arbitrary<unknown> {
  // Recursive schemas (a JSON value defined by itself) end here: a leaf, valid or not, best effort.
  if (depth > MAX_NESTING) return fc.constant(null);
  const schema = deref(doc, input);
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[key])) {
      const { [key]: alternatives, ...rest } = schema;
      return fc.oneof(...(alternatives as Schema[]).map((alt) => arbitraryFor(doc, { ...rest, ...deref(doc, alt) }, depth + 1, hints)));
    }
  }
  if (Array.isArray(schema['allOf'])) {
    const { allOf, ...rest } = schema;
    const merged = (allOf as Schema[]).map((part) => deref(doc, part)).reduce<Schema>(
      (acc, part) => ({
        ...acc,
        ...part,
        properties: { ...(acc['properties'] as object), ...(part['properties'] as object) },
        required: [...((acc['required'] ?? []) as string[]), ...((part['required'] ?? []) as string[])],
      }),
      rest,
    );
    return arbitraryFor(doc, merged, depth + 1, hints);
  }
  const list = types(schema);
  const nonNull = list.filter((t) => t !== 'null');
  const inferred = nonNull.length > 0 ? nonNull : schema['properties'] ? ['object'] : schema['items'] ? ['array'] : [];
  const arbitraries: fc.Arbitrary<unknown>[] = inferred.map((type) => {
    switch (type) {
      case 'string':
        return stringArbitrary(schema);
      case 'integer':
        return fc.integer({ min: Math.ceil(num(schema['minimum']) ?? -1_000_000), max: Math.floor(num(schema['maximum']) ?? 1_000_000) });
      case 'number':
        return fc.double({ min: num(schema['minimum']) ?? -1e6, max: num(schema['maximum']) ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = (schema['items'] ?? {}) as Schema;
        const minLength = num(schema['minItems']) ?? 0;
        const maxLength = Math.max(minLength, depth >= MAX_DEPTH ? minLength : Math.min(num(schema['maxItems']) ?? 3, 5));
        const item = arbitraryFor(doc, items, depth + 1, hints);
        return schema['uniqueItems'] === true
          ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
          : fc.array(item, { minLength, maxLength });
      }
      case 'object':
        return objectArbitrary(doc, schema, depth, hints);
      default:
        return fc.jsonValue({ maxDepth: 2 }); // a type this converter does not know: any JSON, best effort
    }
  });
  if (arbitraries.length === 0 && !list.includes('null')) arbitraries.push(fc.jsonValue({ maxDepth: 2 }));
  if (list.includes('null')) arbitraries.push(fc.constant(null));
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}
