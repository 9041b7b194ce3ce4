import { z } from 'zod';
import type { ResponseSpec, RouteSpec } from './api-route';

/** What a service says about its API, besides the routes (which come from the `@Endpoint` declarations). */
export interface ApiDescription {
  readonly title: string;
  readonly description?: string;
  readonly version?: string;
  /** Routes served by controllers that do not use `@Endpoint` (documented here, validated there). */
  readonly routes?: readonly RouteSpec[];
  /** Security schemes besides `bearer` (the platform access token). */
  readonly securitySchemes?: Readonly<Record<string, Record<string, unknown>>>;
}

type Json = Record<string, unknown>;

/** JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of what a client may send. */
export function jsonSchemaOf(schema: z.ZodType | Json): Json {
  if (!(schema instanceof z.ZodType)) return schema;
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
  delete out['$schema'];
  return out;
}

/** A string without U+0000 (JSON Schema `pattern`, ECMA-262). */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/** Any JSON value without U+0000 in a string or property name: what an undeclared field may hold. */
const ANY_JSON_REF = { $ref: '#/components/schemas/JsonWithoutNul' };
const JSON_WITHOUT_NUL: Json = {
  description: 'Any JSON value without U+0000 in its strings and property names',
  anyOf: [
    { type: 'string', pattern: NO_NUL_PATTERN },
    { type: ['number', 'boolean', 'null'] },
    { type: 'array', items: ANY_JSON_REF },
    { type: 'object', propertyNames: { pattern: NO_NUL_PATTERN }, additionalProperties: ANY_JSON_REF },
  ],
};

/**
 * What a client may send, with the rules every service applies before any route (the platform
 * middleware) written into the schema: no U+0000 in any string or property name, also of fields
 * the route ignores (nul-characters.middleware). A string with its own pattern, format or values
 * already excludes it.
 */
export function requestSchemaOf(schema: z.ZodType | Json): Json {
  return withPlatformRules(jsonSchemaOf(schema));
}

function withPlatformRules(schema: Json): Json {
  if (Object.keys(schema).every((key) => key === 'description')) return { ...schema, ...ANY_JSON_REF };
  const out: Json = { ...schema };
  const types = [out['type']].flat();
  if (types.includes('string') && out['pattern'] === undefined && out['format'] === undefined && out['enum'] === undefined && out['const'] === undefined) out['pattern'] = NO_NUL_PATTERN;
  if ((types.includes('object') || out['properties'] !== undefined) && out['additionalProperties'] !== false) {
    out['propertyNames'] ??= { pattern: NO_NUL_PATTERN };
    out['additionalProperties'] ??= {};
  }
  const sub = (value: unknown): unknown => (value !== null && typeof value === 'object' && !Array.isArray(value) ? withPlatformRules(value as Json) : value);
  for (const key of ['items', 'additionalProperties', 'contains']) if (out[key] !== undefined) out[key] = sub(out[key]);
  for (const key of ['oneOf', 'anyOf', 'allOf', 'prefixItems']) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(sub);
  for (const key of ['properties', '$defs']) {
    if (out[key] && typeof out[key] === 'object') out[key] = Object.fromEntries(Object.entries(out[key] as Json).map(([name, value]) => [name, sub(value)]));
  }
  return out;
}

const PROBLEM_SCHEMA: Json = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable dotted code, e.g. FEED.POST_NOT_FOUND' },
    correlationId: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string', description: 'path.<name>, query.<name>, header.<name>, body.<a.b[0].c>' }, message: { type: 'string' } }, required: ['field', 'message'] } },
  },
  required: ['type', 'title', 'status', 'code'],
};

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'The request does not match this document (`errors` names each field), or breaks a domain rule',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'Not allowed for the caller',
  404: 'Not found, or not visible to the caller',
  405: 'Method not allowed on this path (the `Allow` header lists the methods it has)',
  409: 'Conflicts with the current state',
  412: 'Precondition failed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests (Retry-After)',
  503: 'Unavailable, or past the request time budget (Retry-After)',
};

function parametersOf(where: 'path' | 'query', schema: z.ZodType | undefined): Json[] {
  if (!schema) return [];
  if (!(schema instanceof z.ZodObject)) throw new Error(`${where} parameters must be an object schema (a union only for path parameters, see variantsOf)`);
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !field.safeParse(undefined).success,
    ...(field.description ? { description: field.description } : {}),
    schema: requestSchemaOf(field),
  }));
}

function responseOf(response: ResponseSpec): Json {
  return {
    description: response.description,
    ...(response.headers ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, h]) => [name, { description: h.description, schema: h.schema }])) } : {}),
    ...(response.schema || response.contentType ? { content: { [response.contentType ?? 'application/json']: response.schema ? { schema: jsonSchemaOf(response.schema) } : {} } } : {}),
  };
}

function operationOf(spec: RouteSpec): Json {
  const errorContent = { [spec.errorContentType ?? 'application/problem+json']: { schema: spec.errorSchema ?? { $ref: '#/components/schemas/Problem' } } };
  const auth = spec.auth ?? 'bearer';
  const statuses = new Set([400, 405, 503, ...(auth === 'none' ? [] : [401]), ...(spec.errors ?? [])]);
  const success = spec.status ?? 200;
  const responseSchema = spec.response?.schema;
  const responses: Json = {
    [String(success)]: {
      description: spec.response?.description ?? (success === 204 ? 'Done, no content' : success === 201 ? 'Created' : 'OK'),
      ...(success !== 204 && responseSchema ? { content: { [spec.response?.contentType ?? 'application/json']: { schema: jsonSchemaOf(responseSchema) } } } : {}),
    },
  };
  for (const status of [...statuses].sort()) responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: errorContent };
  // An error status keeps its problem body (the platform answers it before any route) besides the route's own.
  for (const [status, response] of Object.entries(spec.responses ?? {})) {
    const own = responseOf(response);
    responses[status] = statuses.has(Number(status)) ? { ...own, content: { ...errorContent, ...(own['content'] as Json | undefined) } } : own;
  }
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    operationId: `${spec.method}${spec.path.replace(/[^a-z0-9]+(.)?/gi, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    security: auth === 'none' ? [] : [{ [auth]: [] }],
    parameters: [...parametersOf('path', spec.params), ...parametersOf('query', spec.query), ...(spec.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: false, description: h.description, schema: h.schema }))],
    ...(spec.body ? { requestBody: { required: !spec.bodyOptional, content: { [spec.bodyContentType ?? 'application/json']: { schema: requestSchemaOf(spec.body) } } } } : {}),
    responses,
  };
}

/**
 * A route whose path parameters are a discriminated union over one of them, as one route per
 * value of it with that value written into the path (`/v1/follows/{kind}/{key}` with kind
 * `person` → `/v1/follows/person/{key}`), so each documents exactly the others it accepts.
 */
function variantsOf(spec: RouteSpec): RouteSpec[] {
  const params = spec.params;
  if (!params || params instanceof z.ZodObject) return [spec];
  const discriminator = params.def.discriminator;
  return params.options.map((option) => {
    const { [discriminator]: literal, ...rest } = option.shape as Record<string, z.ZodType>;
    if (!(literal instanceof z.ZodLiteral) || literal.values.size !== 1) throw new Error(`${spec.path}: path variant ${discriminator} must be one literal`);
    const value = encodeURIComponent(String([...literal.values][0]));
    return { ...spec, path: spec.path.replace(`{${discriminator}}`, value), params: z.object(rest) };
  });
}

/** The OpenAPI 3.1 document of a service, generated from its route declarations. */
export function openApiDocument(api: ApiDescription, routes: readonly RouteSpec[]): Json {
  const paths: Record<string, Json> = {};
  for (const spec of routes.flatMap(variantsOf).sort((a, b) => a.path.localeCompare(b.path))) {
    const ops = (paths[spec.path] ??= {});
    if (ops[spec.method]) throw new Error(`route declared twice: ${spec.method.toUpperCase()} ${spec.path}`);
    ops[spec.method] = operationOf(spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version ?? '1.0.0', ...(api.description ? { description: api.description } : {}) },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (platform access token)' }, ...(api.securitySchemes ?? {}) },
      schemas: { Problem: PROBLEM_SCHEMA, JsonWithoutNul: JSON_WITHOUT_NUL },
    },
  };
}
