import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { route, validateRequest } from './api-route';
import { openApiDocument } from './openapi';
import { text, uuid } from './schemas';

type Json = Record<string, unknown>;
const documentOf = (...routes: Parameters<typeof openApiDocument>[1]) => openApiDocument({ title: 'test' }, routes) as { paths: Record<string, Record<string, Json>> };
const matches = (schema: Json, value: string): boolean => new RegExp(schema['pattern'] as string, 'u').test(value);

describe('OpenAPI document: what the platform refuses before any route is in the schemas', () => {
  const doc = documentOf(
    route({
      method: 'post',
      path: '/v1/things/{id}',
      summary: 'Make a thing',
      params: z.object({ id: uuid() }),
      query: z.object({ q: text(10).optional() }),
      body: z.object({ name: text(20, 1), tags: z.array(z.string()).max(3), nested: z.object({ note: z.string().optional() }), at: z.iso.datetime() }),
    }),
  );
  const op = doc.paths['/v1/things/{id}']!['post']!;
  const body = (op['requestBody'] as { content: Record<string, { schema: Json & { properties: Record<string, Json> } }> }).content['application/json']!.schema;

  it('says no string may hold U+0000 (the NUL middleware answers 400 for one anywhere)', () => {
    const q = (op['parameters'] as { name: string; schema: Json }[]).find((p) => p.name === 'q')!.schema;
    for (const schema of [q, body.properties['name']!, (body.properties['tags']!['items'] as Json)!, (body.properties['nested']!['properties'] as Record<string, Json>)['note']!]) {
      expect(matches(schema, 'plain é 😀')).toBe(true);
      expect(matches(schema, 'a\u0000b')).toBe(false);
    }
  });

  it('says no property name may hold U+0000, also of properties the route ignores', () => {
    for (const schema of [body, body.properties['nested']!]) {
      const names = schema['propertyNames'] as Json;
      expect(matches(names, 'extra')).toBe(true);
      expect(matches(names, 'ex\u0000tra')).toBe(false);
    }
  });

  it('refuses U+0000 in what the route ignores too: undeclared fields, at any depth, and free-form values', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'doc');
    const valid = ajv.compile({ $ref: 'doc#/paths/~1v1~1things~1{id}/post/requestBody/content/application~1json/schema' });
    const base = { name: 'n', tags: [], nested: {}, at: '2026-01-01T00:00:00Z' };
    expect(valid({ ...base, extra: { deep: ['ok', 1, null, { fine: true }] } })).toBe(true);
    expect(valid({ ...base, extra: { deep: ['a\u0000'] } })).toBe(false);
    expect(valid({ ...base, extra: { ['k\u0000']: 1 } })).toBe(false);
    expect(valid({ ...base, nested: { other: 'x\u0000' } })).toBe(false);
  });

  it('leaves strings alone whose format or pattern already excludes it', () => {
    const id = (op['parameters'] as { name: string; schema: Json }[]).find((p) => p.name === 'id')!.schema;
    expect(id['format']).toBe('uuid');
    expect(matches(id, 'a\u0000b')).toBe(false);
    expect(body.properties['at']!['format']).toBe('date-time');
  });
});

describe('OpenAPI document: every answer a route gives', () => {
  it('lists extra answers (a 303 with Location) and adds a route-specific error body to the problem one', () => {
    const doc = documentOf(
      route({
        method: 'post',
        path: '/logout',
        summary: 'Log out',
        auth: 'none',
        responses: {
          303: { description: 'Redirect', headers: { Location: { description: 'Next', schema: { type: 'string' } } } },
          400: { description: 'An OAuth error', schema: z.object({ error: z.string() }) },
        },
      }),
    );
    const responses = doc.paths['/logout']!['post']!['responses'] as Record<string, { description: string; headers?: Json; content?: Record<string, unknown> }>;
    expect(Object.keys(responses)).toEqual(['200', '303', '400', '405', '503']);
    expect(responses['303']!.headers).toEqual({ Location: { description: 'Next', schema: { type: 'string' } } });
    expect(responses['303']!.content).toBeUndefined();
    expect(Object.keys(responses['400']!.content!).sort()).toEqual(['application/json', 'application/problem+json']);
    expect(responses['400']!.description).toBe('An OAuth error');
  });

  it("documents a route's own error body (SCIM errors) instead of the problem", () => {
    const scimError = { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] };
    const doc = documentOf(route({ method: 'get', path: '/scim/v2/Users', summary: 'Users', auth: 'scim', errorContentType: 'application/scim+json', errorSchema: scimError }));
    const responses = doc.paths['/scim/v2/Users']!['get']!['responses'] as Record<string, { content?: Record<string, { schema: unknown }> }>;
    for (const status of ['400', '401', '405', '503']) expect(responses[status]!.content).toEqual({ 'application/scim+json': { schema: scimError } });
  });
});

describe('OpenAPI document: path parameters whose format depends on another', () => {
  const FOLLOW = route({
    method: 'put',
    path: '/v1/follows/{kind}/{key}',
    summary: 'Follow',
    params: z.discriminatedUnion('kind', [z.object({ kind: z.literal('person'), key: uuid() }), z.object({ kind: z.literal('hashtag'), key: text(64, 1) })]),
  });

  it('lists one path per value, each with the schema of the other parameters for it', () => {
    const doc = documentOf(FOLLOW);
    expect(Object.keys(doc.paths).sort()).toEqual(['/v1/follows/hashtag/{key}', '/v1/follows/person/{key}']);
    const key = (path: string) => (doc.paths[path]!['put']!['parameters'] as { name: string; in: string; schema: Json }[]).map((p) => [p.name, p.in, p.schema['format'] ?? p.schema['maxLength']]);
    expect(key('/v1/follows/person/{key}')).toEqual([['key', 'path', 'uuid']]);
    expect(key('/v1/follows/hashtag/{key}')).toEqual([['key', 'path', 64]]);
    expect(doc.paths['/v1/follows/person/{key}']!['put']!['operationId']).not.toBe(doc.paths['/v1/follows/hashtag/{key}']!['put']!['operationId']);
  });

  it('validates the request against the same union', () => {
    expect(validateRequest(FOLLOW, { params: { kind: 'hashtag', key: 'plein' } }).params).toEqual({ kind: 'hashtag', key: 'plein' });
    expect(() => validateRequest(FOLLOW, { params: { kind: 'person', key: 'plein' } })).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'path.key' })] }));
  });
});
