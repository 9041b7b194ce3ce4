import fc from 'fast-check';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { forgedCursors, hostileBody, hostileText, type HostileBody } from './hostile';
import { acceptsHints, arbitraryFor, deref, type Schema } from './schema-arbitrary';

/**
 * The OpenAPI-driven fuzzer: for every operation of a service's document it generates valid
 * requests (from the document's schemas, with known ids of real content mixed in) and hostile
 * ones (hostile.ts), sends them, and checks each answer: no 5xx, RFC 9457 problem+json on every
 * 4xx (the SCIM error body on /scim/v2), 2xx bodies matching the documented schema, and an
 * answer within the time bound.
 */
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export const TIME_BOUND_MS = 5_000;

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body?: { readonly contentType: string; readonly schema: Schema };
  /** Response schemas by status code ('200', '2XX'), JSON Pointer into the document. */
  readonly responses: Readonly<Record<string, string | undefined>>;
  readonly secured: boolean;
}

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** The operations of an OpenAPI 3.x document, path-level parameters merged into each. */
export function operationsOf(doc: Schema): Operation[] {
  const out: Operation[] = [];
  const globalSecurity = Array.isArray(doc['security']) && (doc['security'] as unknown[]).length > 0;
  for (const [path, item] of Object.entries((doc['paths'] ?? {}) as Record<string, Schema>)) {
    const shared = ((item['parameters'] ?? []) as Schema[]).map((p) => deref(doc, p));
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const own = ((op['parameters'] ?? []) as Schema[]).map((p) => deref(doc, p));
      const byKey = new Map<string, Schema>();
      for (const p of [...shared, ...own]) byKey.set(`${String(p['in'])}:${String(p['name'])}`, p);
      const parameters = [...byKey.values()].map((p) => ({ name: String(p['name']), in: p['in'] as Parameter['in'], required: p['required'] === true, schema: (p['schema'] ?? { type: 'string' }) as Schema }));
      for (const match of path.matchAll(/\{(\w+)\}/g)) {
        if (!parameters.some((p) => p.in === 'path' && p.name === match[1])) parameters.push({ name: match[1]!, in: 'path', required: true, schema: { type: 'string' } });
      }
      let body: Operation['body'];
      const requestBody = op['requestBody'] ? deref(doc, op['requestBody'] as Schema) : undefined;
      const content = (requestBody?.['content'] ?? {}) as Record<string, Schema>;
      const contentType = Object.keys(content).find((c) => c.includes('json')) ?? Object.keys(content)[0];
      if (contentType) body = { contentType, schema: (content[contentType]!['schema'] ?? {}) as Schema };
      const responses: Record<string, string | undefined> = {};
      for (const [status, response] of Object.entries((op['responses'] ?? {}) as Record<string, Schema>)) {
        const resolved = deref(doc, response);
        const media = (resolved['content'] ?? {}) as Record<string, Schema>;
        const json = Object.keys(media).find((c) => c.includes('json'));
        const base = typeof response['$ref'] === 'string' ? (response['$ref'] as string).slice(1) : `/paths/${escape(path)}/${method}/responses/${escape(status)}`;
        responses[status] = json && media[json]!['schema'] ? `${base}/content/${escape(json)}/schema` : undefined;
      }
      const secured = Array.isArray(op['security']) ? (op['security'] as unknown[]).some((s) => Object.keys(s as object).length > 0) : globalSecurity;
      out.push({ method, path, parameters, body, responses, secured });
    }
  }
  return out;
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema (3.1 documents already say `type: [x, 'null']`). */
function nullableToTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToTypes);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = nullableToTypes(v);
  if (out['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  return out;
}

/** Compiles response validators lazily against the whole document (so `$ref`s resolve). */
export class ResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: Schema) {
    addFormats(this.ajv);
    this.ajv.addSchema(nullableToTypes(doc) as object, 'openapi');
  }

  /** Errors of `body` against the schema at `pointer`, or [] when it matches. */
  errors(pointer: string, body: unknown): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      try {
        validate = this.ajv.compile({ $ref: `openapi#${pointer}` });
      } catch (error) {
        return [`the documented schema at ${pointer} does not compile: ${(error as Error).message}`];
      }
      this.compiled.set(pointer, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}

export interface FuzzRequest {
  readonly kind: 'valid' | 'hostile';
  readonly method: string;
  /** Path with parameters substituted and percent-encoded. */
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: { readonly text: string; readonly contentType: string };
  readonly principal: string;
  readonly note: string;
}

/** Percent-encodes a path segment or query value; lone surrogates go out as their WTF-8 bytes (encodeURIComponent throws on them). */
export function encodeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
const headerSafe = (value: string): string => value.replace(/[^\x20-\x7e]/g, '?');

/** Query parameters many list routes read whether or not the document lists them. */
export const COMMON_QUERY = ['limit', 'cursor', 'after', 'before', 'status', 'q', 'filter', 'startIndex', 'count', 'sortBy', 'kind', 'include'];

export interface GeneratorContext {
  readonly doc: Schema;
  /** Known values per parameter name (ids of real content), mixed into valid requests. */
  readonly hints: Readonly<Record<string, readonly string[]>>;
  /** Principals the target can authenticate as (e.g. employee, admin). */
  readonly principals: readonly string[];
}

function parameterValue(ctx: GeneratorContext, p: Parameter): fc.Arbitrary<string> {
  const fromSchema = arbitraryFor(ctx.doc, p.schema).map(asText);
  const hinted = ctx.hints[p.name];
  return hinted && hinted.length > 0 && acceptsHints(deref(ctx.doc, p.schema)) ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: fromSchema }) : fromSchema;
}

interface Parts {
  readonly path: Record<string, string>;
  readonly query: [string, string][];
  readonly headers: Record<string, string>;
  readonly json: unknown;
  readonly principal: string;
}

function validParts(ctx: GeneratorContext, op: Operation): fc.Arbitrary<Parts> {
  const path: Record<string, fc.Arbitrary<string>> = {};
  const query: fc.Arbitrary<[string, string] | null>[] = [];
  const headers: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.parameters) {
    const value = parameterValue(ctx, p);
    if (p.in === 'path') path[p.name] = value;
    else if (p.in === 'query') query.push(p.required ? value.map((v) => [p.name, v]) : fc.option(value.map((v): [string, string] => [p.name, v]), { nil: null }));
    else if (p.in === 'header') headers[p.name] = value.map(headerSafe);
  }
  return fc.record({
    path: fc.record(path),
    query: fc.tuple(...query).map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== null)),
    headers: fc.record(headers, { requiredKeys: op.parameters.filter((p) => p.in === 'header' && p.required).map((p) => p.name) }) as fc.Arbitrary<Record<string, string>>,
    json: op.body ? arbitraryFor(ctx.doc, op.body.schema, 0, ctx.hints) : fc.constant(undefined),
    principal: fc.constantFrom(...ctx.principals),
  });
}

/** A body in the operation's content type: JSON, or a form (top-level fields, non-strings as JSON). */
export function encodeBody(value: unknown, contentType: string): string {
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return JSON.stringify(value) ?? 'null';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `value=${encodeText(asText(value))}`;
  return Object.entries(value).map(([k, v]) => `${encodeText(k)}=${encodeText(asText(v))}`).join('&');
}

function build(op: Operation, parts: Parts, kind: FuzzRequest['kind'], note: string, body?: FuzzRequest['body']): FuzzRequest {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeText(parts.path[name] ?? ''));
  const withJson = parts.json !== undefined && op.body ? { text: encodeBody(parts.json, op.body.contentType), contentType: op.body.contentType } : undefined;
  return { kind, method: op.method.toUpperCase(), path, query: parts.query, headers: parts.headers, body: body ?? withJson, principal: parts.principal, note };
}

/** Requests that follow the document. */
export function validRequests(ctx: GeneratorContext, op: Operation): fc.Arbitrary<FuzzRequest> {
  return validParts(ctx, op).map((parts) => build(op, parts, 'valid', 'valid'));
}

/** Requests that do not: one hostile change to an otherwise valid request. */
export function hostileRequests(ctx: GeneratorContext, op: Operation): fc.Arbitrary<FuzzRequest> {
  const valid = validParts(ctx, op);
  const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = [...new Set([...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), ...COMMON_QUERY])];
  const variants: fc.Arbitrary<FuzzRequest>[] = [
    // Query: a hostile value or a forged cursor in one parameter, or in all of them at once
    // (values cut to 500 characters there, so the URL stays under Node's 16 KB header limit).
    fc.tuple(valid, fc.constantFrom(...queryNames), hostileText(), fc.constantFrom(...forgedCursors), fc.boolean()).map(([parts, name, text, cursor, useCursor]) =>
      build(op, { ...parts, query: [...parts.query, [name, useCursor ? cursor : text]] }, 'hostile', `query ${name}`),
    ),
    fc.tuple(valid, fc.array(hostileText(), { minLength: queryNames.length, maxLength: queryNames.length }), fc.constantFrom(...forgedCursors)).map(([parts, texts, cursor]) =>
      build(op, { ...parts, query: [...parts.query, ...queryNames.map((name, k): [string, string] => [name, (/cursor|after|before/.test(name) ? cursor : texts[k]!).slice(0, 500)])] }, 'hostile', 'query all hostile'),
    ),
    // Repeated and array-shaped parameters (`a=1&a=2`, `a[]=1`, `a[x]=1`), every name at once or one.
    fc.tuple(valid, fc.constantFrom(...queryNames), fc.constantFrom('all', 'one', 'brackets')).map(([parts, name, how]) => {
      const names = how === 'all' ? queryNames : [name];
      const extra = names.flatMap((n): [string, string][] => (how === 'brackets' ? [[`${n}[]`, '1'], [`${n}[x]`, '2']] : [[n, '1'], [n, 'x'], [n, '2']]));
      return build(op, { ...parts, query: [...parts.query, ...extra] }, 'hostile', `repeated query ${how === 'all' ? 'all' : name}`);
    }),
    // Unauthenticated, or a token nobody issued.
    fc.tuple(valid, fc.constantFrom('anonymous', 'forged')).map(([parts, principal]) => build(op, { ...parts, principal }, 'hostile', principal)),
    // Headers: a hostile Idempotency-Key, a hostile content type.
    fc.tuple(valid, fc.constantFrom('x'.repeat(4_000), '', ' ', '../../etc', 'idem\tkey', 'a'.repeat(201)), fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=x-unknown', 'multipart/form-data; boundary=x', '*/*')).map(
      ([parts, key, contentType]) => {
        const request = build(op, { ...parts, headers: { ...parts.headers, 'idempotency-key': key } }, 'hostile', `idempotency-key ${key.length} chars, content-type ${contentType}`);
        return request.body ? { ...request, body: { ...request.body, contentType } } : request;
      },
    ),
  ];
  if (pathNames.length > 0) {
    variants.push(
      fc.tuple(valid, fc.constantFrom(...pathNames), hostileText()).map(([parts, name, text]) => build(op, { ...parts, path: { ...parts.path, [name]: text } }, 'hostile', `path ${name}`)),
    );
  }
  if (op.body || ['post', 'put', 'patch'].includes(op.method)) {
    const schema = op.body?.schema ?? { type: 'object' };
    const contentType = op.body?.contentType ?? 'application/json';
    variants.push(
      fc.tuple(valid, hostileBody(arbitraryFor(ctx.doc, schema, 0, ctx.hints))).map(([parts, hostile]: [Parts, HostileBody]) =>
        'raw' in hostile
          ? build(op, parts, 'hostile', `body: ${hostile.note}`, { text: hostile.raw, contentType: hostile.contentType })
          : build(op, parts, 'hostile', `body: ${hostile.note}`, { text: encodeBody(hostile.json, contentType), contentType }),
      ),
    );
    variants.push(variants[variants.length - 1]!); // bodies are where most of the surface is: weigh them double
  }
  return fc.oneof(...variants);
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly ms: number;
}

export interface FuzzTarget extends GeneratorContext {
  readonly name: string;
  readonly url: string;
  /** Operations (`POST /auth/logout`) that end the principals' sessions: fuzzed after all others. */
  readonly runLast?: readonly string[];
  /** Authentication headers for a principal on a path ('anonymous' and 'forged' included). */
  auth(principal: string, path: string): Record<string, string>;
}

export async function send(target: FuzzTarget, request: FuzzRequest): Promise<Answer> {
  const search = request.query.map(([k, v]) => `${encodeText(k)}=${encodeText(v)}`).join('&');
  const url = `${target.url}${request.path}${search ? `?${search}` : ''}`;
  const started = performance.now();
  const res = await fetch(url, {
    method: request.method,
    redirect: 'manual',
    headers: { ...request.headers, ...target.auth(request.principal, request.path), ...(request.body ? { 'content-type': request.body.contentType } : {}) },
    ...(request.body ? { body: request.body.text } : {}),
    signal: AbortSignal.timeout(TIME_BOUND_MS * 4),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, ms: Math.round(performance.now() - started) };
}

/**
 * Routes whose 400 is an OAuth 2.0 error (RFC 6749 §5.2: `error`, `error_description`) because
 * their standard says so: OpenID Connect Back-Channel Logout 1.0 §2.8.
 */
export const OAUTH_ERROR_PATHS: readonly string[] = ['/auth/backchannel-logout'];

/** GET /ready's body when not ready: `status: not-ready` and at least one check `down`. */
function isNotReady(body: unknown): boolean {
  const readiness = body as { status?: unknown; checks?: Record<string, { status?: unknown }> } | undefined;
  return readiness?.status === 'not-ready' && typeof readiness.checks === 'object' && readiness.checks !== null && Object.values(readiness.checks).some((c) => c?.status === 'down');
}

/** What is wrong with an answer, or [] when nothing is. */
export function check(op: Operation, request: FuzzRequest, answer: Answer, validator: ResponseValidator): string[] {
  const problems: string[] = [];
  let body: unknown;
  try {
    body = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    body = undefined;
  }
  // 501 for an optional feature the document itself declares unsupported (SCIM's POST .search) is an answer, not a failure.
  const declaredUnsupported = answer.status === 501 && '501' in op.responses;
  // The readiness probe's 503 names the dependency that is down (a broker slow on a loaded machine): its answer, not a failure.
  const notReady = answer.status === 503 && op.path === '/ready' && isNotReady(body);
  if (answer.status >= 500 && !declaredUnsupported && !notReady) problems.push(`status ${answer.status}`);
  if (answer.ms > TIME_BOUND_MS) problems.push(`took ${answer.ms} ms (bound ${TIME_BOUND_MS} ms)`);
  if ((answer.status >= 400 && answer.status < 500) || declaredUnsupported) {
    const scim = request.path.startsWith('/scim/v2') && answer.contentType.startsWith('application/scim+json');
    const oauth = OAUTH_ERROR_PATHS.includes(request.path) && answer.status === 400 && answer.contentType.startsWith('application/json');
    if (scim) {
      const error = body as { schemas?: unknown; status?: unknown } | undefined;
      if (!Array.isArray(error?.schemas) || !error.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error') || String(error.status) !== String(answer.status)) problems.push('SCIM error body without schemas/status');
    } else if (oauth) {
      if (typeof (body as { error?: unknown } | undefined)?.error !== 'string') problems.push('OAuth error body without error');
    } else if (!answer.contentType.startsWith('application/problem+json')) {
      problems.push(`error with content-type '${answer.contentType}'`);
    } else {
      const problem = body as { type?: unknown; title?: unknown; status?: unknown } | undefined;
      if (typeof problem?.type !== 'string' || typeof problem.title !== 'string' || problem.status !== answer.status) problems.push('problem+json without type/title/matching status');
    }
  }
  if (answer.status >= 200 && answer.status < 300 && answer.status !== 204) {
    const pointer = op.responses[String(answer.status)] ?? op.responses['2XX'];
    if (pointer) {
      if (body === undefined) problems.push('2xx body is not JSON');
      else problems.push(...validator.errors(pointer, body).map((e) => `response schema: ${e}`));
    }
  }
  return problems;
}

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…(${text.length} chars)` : text);

export interface Finding {
  readonly operation: string;
  readonly seed: number;
  readonly run: number;
  readonly request: string;
  readonly answer: string;
  readonly problems: readonly string[];
}

/** Why a 400 refused a request: its problem code and the fields it names. */
function rejection(text: string): string {
  try {
    const problem = JSON.parse(text) as { code?: string; errors?: { field?: string }[] };
    return `${problem.code ?? '?'}[${(problem.errors ?? []).map((e) => e.field).join(',')}]`;
  } catch {
    return '?';
  }
}

export interface OperationResult {
  readonly findings: Finding[];
  /** Statuses answered, by request kind: `valid 200`, `hostile 400`, with counts. */
  readonly statuses: Record<string, number>;
  /** The slowest answer, in milliseconds. */
  readonly slowestMs: number;
}

/** Sends `valid` + `hostile` seeded requests for one operation; returns what went wrong and the statuses seen. */
export async function fuzzOperation(target: FuzzTarget, op: Operation, validator: ResponseValidator, options: { seed: number; valid: number; hostile: number }): Promise<OperationResult> {
  const requests = [
    ...fc.sample(validRequests(target, op), { seed: options.seed, numRuns: options.valid }),
    ...fc.sample(hostileRequests(target, op), { seed: options.seed + 1, numRuns: options.hostile }),
  ];
  const findings: Finding[] = [];
  const statuses: Record<string, number> = {};
  let slowestMs = 0;
  for (const [run, request] of requests.entries()) {
    let answer: Answer;
    try {
      answer = await send(target, request);
    } catch (error) {
      answer = { status: 599, contentType: '', text: `request failed: ${String(error)}`, ms: 0 };
    }
    slowestMs = Math.max(slowestMs, answer.ms);
    const key = `${request.kind} ${answer.status}${request.kind === 'valid' && answer.status === 400 ? ` ${rejection(answer.text)}` : ''}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
    const problems = check(op, request, answer, validator);
    if (problems.length > 0) {
      findings.push({
        operation: `${op.method.toUpperCase()} ${op.path}`,
        seed: options.seed,
        run,
        request: `[${request.kind}, ${request.principal}, ${request.note}] ${request.method} ${clip(request.path, 200)}${request.query.length ? `?${clip(request.query.map(([k, v]) => `${k}=${v}`).join('&'), 200)}` : ''}${request.body ? ` ${request.body.contentType} ${clip(request.body.text, 300)}` : ''}`,
        answer: `${answer.status} ${answer.contentType} ${answer.ms} ms ${clip(answer.text, 400)}`,
        problems,
      });
    }
  }
  return { findings, statuses, slowestMs };
}

/**
 * Fetches the service's OpenAPI document at GET /openapi.json. A service that still also serves an
 * older document at /v1/openapi.json (the feed, while its routes move to the shared one) gets
 * both, merged: paths and components of /openapi.json win.
 */
export async function fetchOpenApi(url: string): Promise<{ doc: Schema; at: string } | { error: string }> {
  const found: { at: string; doc: Schema }[] = [];
  const tried: string[] = [];
  for (const at of ['/openapi.json', '/v1/openapi.json']) {
    const res = await fetch(`${url}${at}`);
    if (res.status === 200) found.push({ at, doc: (await res.json()) as Schema });
    else tried.push(`${at} → ${res.status}`);
  }
  if (found.length === 0) return { error: `no OpenAPI document (${tried.join(', ')})` };
  const [primary, ...older] = found;
  let doc = primary!.doc;
  for (const { doc: other } of older) {
    const components = (d: Schema) => (d['components'] ?? {}) as Record<string, Record<string, unknown>>;
    const merged: Record<string, Record<string, unknown>> = { ...components(other) };
    for (const [kind, entries] of Object.entries(components(doc))) merged[kind] = { ...merged[kind], ...entries };
    doc = { ...doc, paths: { ...(other['paths'] as object), ...(doc['paths'] as object) }, components: merged };
  }
  return { doc, at: found.map((f) => f.at).join(' + ') };
}

/** The seed of this run: FUZZ_SEED to replay one, else a fresh one (printed with every finding). */
export const fuzzSeed = (): number => (process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31));
export const fuzzRuns = (): number => Number(process.env['FUZZ_RUNS'] ?? 15);
