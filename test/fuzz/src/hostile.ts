import fc from 'fast-check';

/**
 * Hostile inputs: what a client that does not follow the documentation sends. Wrong types,
 * missing and extra fields, huge strings (100,000 characters) and arrays (10,000 items), deep
 * nesting, odd Unicode (lone surrogates, right-to-left override, NUL, zero-width joiners),
 * forged base64 cursors, random and malformed uuids, path traversal and operator objects.
 */
export const HUGE_STRING = 'x'.repeat(100_000);
export const HUGE_ARRAY_LENGTH = 10_000;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Cursors a client might forge: base64 of junk, of JSON with wrong types, of operator objects. */
export const forgedCursors: readonly string[] = [
  b64('{"id":"x"}'),
  b64('{"at":"not-a-date","id":"00000000-0000-0000-0000-000000000000"}'),
  b64('{"$gt":""}'),
  b64('{"createdAt":{"$ne":null},"id":{"$gt":""}}'),
  b64('[1,2,3]'),
  b64('null'),
  b64('"'),
  b64(`{"score":1e309,"id":"${'9'.repeat(300)}"}`),
  b64('\u0000\ud800'),
  'not base64 at all!',
  '====',
  '%',
  'eyJhbGciOiJub25lIn0.e30.',
  b64('x'.repeat(3_000)),
];

/** Strings that are not the uuid they pretend to be, and uuids nobody issued. */
export const forgedIds: readonly string[] = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0190A5B4-2C3D-7E8F-9A0B-1C2D3E4F5A6B',
  '0190a5b42c3d7e8f9a0b1c2d3e4f5a6b',
  '{0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b}',
  '0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6',
  '0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6bb',
  'g190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b',
  '0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b\n',
  ' 0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b',
  '-1',
  '0',
  '1e309',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

export const traversals: readonly string[] = ['..', '../..', '../../etc/passwd', '..\\..\\windows', '%2e%2e%2f', '....//', '.', '/', '//', '%00', '*', '?', '#'];

/** Unicode a JSON parser accepts but storage, search or rendering may not. */
export const oddUnicode: readonly string[] = [
  '\ud800',
  'a\udfffb',
  '\udbff\udfff',
  '\u202eevil\u202c',
  '\u200f\u200e\u061c',
  '\u0000',
  'nul\u0000inside',
  '\u200b\u200c\u200d\ufeff',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301',
  '\uffff\ufffe',
  '\u0085\u2028\u2029',
  'Z̸̡̛̛̬̳̝͚͇̖̳̤̱͂͐̑̊͌̈́a̴l̵g̶o̷',
  'İıſK',
  '',
  '   ',
  '\t\r\n',
];

const injections: readonly unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(10000)' },
  { $regex: '^(a+)+$' },
  JSON.parse('{"__proto__":{"admin":true}}'),
  { constructor: { prototype: { admin: true } } },
  ['array', 'instead'],
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '(a+)+$'.repeat(50),
  'a'.repeat(50_000) + '!',
];

const numbers: readonly unknown[] = [-1, 0, -0, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, '1', '1e3', '0x10', 'NaN', 'Infinity'];

/** Deeply nested JSON (arrays inside arrays), as text: JSON.stringify itself recurses. */
export const deepJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Any single hostile JSON value. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, {}, [], HUGE_STRING),
    fc.constantFrom(...numbers),
    fc.constantFrom(...forgedIds),
    fc.constantFrom(...forgedCursors),
    fc.constantFrom(...traversals),
    fc.constantFrom(...oddUnicode),
    fc.constantFrom(...injections),
    fc.constant(null).map(() => Array.from({ length: HUGE_ARRAY_LENGTH }, (_, k) => k)),
    fc.constant(null).map(() => Array.from({ length: HUGE_ARRAY_LENGTH }, () => 'x')),
    fc.constant(null).map(() => Object.fromEntries(Array.from({ length: 2_000 }, (_, k) => [`k${k}`, k]))),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

/** A hostile string for a URL path segment or query value (bounded so the URL stays under Node's header limit). */
export function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...forgedIds),
    fc.constantFrom(...forgedCursors),
    fc.constantFrom(...traversals),
    fc.constantFrom(...oddUnicode),
    fc.constantFrom('x'.repeat(4_000), '1'.repeat(400), '-1', '0', '99999999999999999999', '1.5', 'true', '[]', '{}', '%', '%zz', '+', '&', '=', ';'),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );
}

type Path = (string | number)[];

/** Every node of a JSON value, as paths from the root (the root is []). */
export function nodePaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((item, k) => nodePaths(item, [...prefix, k], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) nodePaths(item, [...prefix, key], out);
  return out;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Replaces (or, with `drop`, removes) the node at `path`; an empty path replaces the root. */
export function setAt(root: unknown, path: Path, replacement: unknown, drop = false): unknown {
  if (path.length === 0) return replacement;
  const copy = clone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (drop) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else Object.defineProperty(node, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}

export type HostileBody = { readonly json: unknown; readonly note: string } | { readonly raw: string; readonly contentType: string; readonly note: string };

/**
 * A hostile request body derived from a valid one: a node replaced by a hostile value, a node
 * removed (missing required fields), an extra field, the root of the wrong type, deep nesting,
 * or text that is not what the content type says.
 */
export function hostileBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<HostileBody> {
  const mutated = fc.tuple(valid, fc.nat(), hostileValue(), fc.constantFrom('replace', 'drop', 'extra')).map(([value, pick, replacement, how]): HostileBody => {
    const paths = nodePaths(value);
    const path = paths[pick % paths.length]!;
    if (how === 'extra') {
      const objects = paths.filter((p) => {
        const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], value);
        return node !== null && typeof node === 'object' && !Array.isArray(node);
      });
      const target = objects[pick % Math.max(objects.length, 1)];
      if (target) return { json: setAt(value, [...target, pick % 3 === 0 ? '__proto__' : `extra${pick % 7}`], replacement), note: `extra field at /${target.join('/')}` };
    }
    if (how === 'drop' && path.length > 0) return { json: setAt(value, path, undefined, true), note: `removed /${path.join('/')}` };
    return { json: setAt(value, path, replacement), note: `replaced /${path.join('/')}` };
  });
  const raw = fc.constantFrom<HostileBody>(
    { raw: '{"a":', contentType: 'application/json', note: 'truncated JSON' },
    { raw: '', contentType: 'application/json', note: 'empty JSON body' },
    { raw: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json', note: 'prototype keys' },
    { raw: deepJson(5_000), contentType: 'application/json', note: 'nesting depth 5000' },
    { raw: `{"a":"${'\\ud800'.repeat(1000)}"}`, contentType: 'application/json', note: 'escaped lone surrogates' },
    { raw: 'name=x&visibility=secret', contentType: 'application/x-www-form-urlencoded', note: 'form instead of JSON' },
    { raw: '<a>xml</a>', contentType: 'application/xml', note: 'XML' },
    { raw: '{"kind":"update"}', contentType: 'text/plain', note: 'JSON as text/plain' },
    { raw: `{"s":"${'y'.repeat(2_000_000)}"}`, contentType: 'application/json', note: '2 MB body' },
  );
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: hostileValue().map((json): HostileBody => ({ json, note: 'hostile root' })) });
}
