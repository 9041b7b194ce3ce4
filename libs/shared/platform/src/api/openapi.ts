import { z } from 'zod';
import type { RouteSpec } from './api-route';

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

function parametersOf(where: 'path' | 'query', schema: z.ZodObject | undefined): Json[] {
  if (!schema) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !field.safeParse(undefined).success,
    ...(field.description ? { description: field.description } : {}),
    schema: jsonSchemaOf(field),
  }));
}

function operationOf(spec: RouteSpec): Json {
  const errorContent = { [spec.errorContentType ?? 'application/problem+json']: { schema: { $ref: '#/components/schemas/Problem' } } };
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
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    operationId: `${spec.method}${spec.path.replace(/[^a-z0-9]+(.)?/gi, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    security: auth === 'none' ? [] : [{ [auth]: [] }],
    parameters: [...parametersOf('path', spec.params), ...parametersOf('query', spec.query), ...(spec.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: false, description: h.description, schema: h.schema }))],
    ...(spec.body ? { requestBody: { required: !spec.bodyOptional, content: { [spec.bodyContentType ?? 'application/json']: { schema: jsonSchemaOf(spec.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of a service, generated from its route declarations. */
export function openApiDocument(api: ApiDescription, routes: readonly RouteSpec[]): Json {
  const paths: Record<string, Json> = {};
  for (const spec of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
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
      schemas: { Problem: PROBLEM_SCHEMA },
    },
  };
}
