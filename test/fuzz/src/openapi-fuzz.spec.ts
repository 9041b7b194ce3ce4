import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { hostileBody } from './hostile';
import { check, encodeText, hostileRequests, operationsOf, ResponseValidator, validRequests, type Answer, type FuzzRequest } from './openapi-fuzz';
import { arbitraryFor, type Schema } from './schema-arbitrary';

const doc: Schema = {
  openapi: '3.1.0',
  security: [{ bearer: [] }],
  paths: {
    '/v1/things/{thingId}': {
      parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      get: {
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, '404': { $ref: '#/components/responses/Problem' } },
      },
      put: {
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        responses: { '204': { description: 'Done' } },
      },
    },
  },
  components: {
    responses: { Problem: { description: 'problem', content: { 'application/problem+json': { schema: { type: 'object' } } } } },
    schemas: {
      Thing: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'tags'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { enum: ['a', 'b'] },
          at: { type: 'string', format: 'date-time' },
          link: { type: 'string', format: 'uri' },
          name: { type: 'string', minLength: 1, maxLength: 5 },
          note: { type: ['string', 'null'] },
          legacy: { type: 'integer', nullable: true, minimum: 0, maximum: 9 },
          tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
          ratio: { type: 'number', minimum: 0, maximum: 1 },
          on: { type: 'boolean' },
          either: { oneOf: [{ type: 'integer' }, { $ref: '#/components/schemas/Leaf' }] },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      Leaf: { type: 'object', required: ['x'], properties: { x: { const: 1 } } },
    },
  },
};

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
ajv.addSchema({ ...doc, components: { schemas: { ...(doc['components'] as { schemas: object }).schemas, Thing: { ...((doc['components'] as { schemas: { Thing: Schema } }).schemas.Thing), properties: { ...((doc['components'] as { schemas: { Thing: { properties: object } } }).schemas.Thing.properties), legacy: { type: ['integer', 'null'], minimum: 0, maximum: 9 } } } } } }, 'doc');
const validThing = ajv.compile({ $ref: 'doc#/components/schemas/Thing' });

describe('JSON Schema to arbitraries', () => {
  it('generates only values the schema accepts', () => {
    fc.assert(
      fc.property(arbitraryFor(doc, { $ref: '#/components/schemas/Thing' }), (value) => {
        expect({ value, errors: validThing(value) ? null : validThing.errors }).toEqual({ value, errors: null });
      }),
      { numRuns: 300 },
    );
  });

  it('draws string properties named like a hint from the hinted values (ids of real content)', () => {
    const values = fc.sample(arbitraryFor(doc, { $ref: '#/components/schemas/Thing' }, 0, { id: ['0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b'] }), { seed: 5, numRuns: 100 }) as { id: string }[];
    const hinted = values.filter((v) => v.id === '0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b').length;
    expect(hinted).toBeGreaterThan(20);
    expect(hinted).toBeLessThan(80);
    // Never where the schema says which values: an enum keeps its values.
    const kinds = fc.sample(arbitraryFor(doc, { $ref: '#/components/schemas/Thing' }, 0, { kind: ['person'] }), { seed: 5, numRuns: 100 }) as { kind: string }[];
    expect(kinds.every((v) => ['a', 'b'].includes(v.kind))).toBe(true);
  });

  it('reaches every optional property, null and every alternative', () => {
    const seen = new Set<string>();
    for (const value of fc.sample(arbitraryFor(doc, { $ref: '#/components/schemas/Thing' }), { seed: 7, numRuns: 300 }) as Record<string, unknown>[]) {
      for (const [k, v] of Object.entries(value)) seen.add(`${k}:${v === null ? 'null' : typeof v}`);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['note:null', 'note:string', 'legacy:null', 'legacy:number', 'either:number', 'either:object', 'labels:object', 'link:string']));
  });

  it('ends recursive schemas instead of recursing forever', () => {
    const recursive: Schema = { components: { schemas: { Node: { type: 'object', required: ['children'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, parent: { $ref: '#/components/schemas/Node' } } } } } };
    const values = fc.sample(arbitraryFor(recursive, { $ref: '#/components/schemas/Node' }), { seed: 1, numRuns: 20 });
    expect(values.every((v) => typeof v === 'object' && v !== null && Array.isArray((v as { children: unknown }).children))).toBe(true);
  });

  it('falls back to plain strings where a pattern cannot be generated from', () => {
    // fast-check does not generate from lookaheads ("not implemented yet").
    const values = fc.sample(arbitraryFor({}, { type: 'string', pattern: '^(?!x).+$' }), { seed: 1, numRuns: 5 });
    expect(values.every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('hostile bodies', () => {
  it('mostly break the schema: missing required fields, wrong types, extra fields, huge values', () => {
    const samples = fc.sample(hostileBody(arbitraryFor(doc, { $ref: '#/components/schemas/Thing' })), { seed: 3, numRuns: 200 });
    const json = samples.filter((s): s is { json: unknown; note: string } => 'json' in s);
    const invalid = json.filter((s) => !validThing(s.json));
    expect(invalid.length / json.length).toBeGreaterThan(0.6);
    const notes = samples.map((s) => s.note.split(' ')[0]);
    expect(new Set(notes)).toEqual(new Set(['replaced', 'removed', 'extra', 'hostile', ...samples.filter((s) => 'raw' in s).map((s) => s.note.split(' ')[0])]));
    expect(samples.some((s) => 'raw' in s)).toBe(true);
    expect(json.some((s) => JSON.stringify(s.json)?.length >= 100_000)).toBe(true);
  });
});

describe('OpenAPI operations and requests', () => {
  const ops = operationsOf(doc);
  const get = ops.find((o) => o.method === 'get')!;
  const put = ops.find((o) => o.method === 'put')!;
  const ctx = { doc, hints: { thingId: ['known-id'] }, principals: ['employee'] };

  it('reads path-level parameters, bodies, response schemas and security', () => {
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(['get /v1/things/{thingId}', 'put /v1/things/{thingId}']);
    expect(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(['path:thingId:true', 'query:limit:false']);
    expect(get.responses).toEqual({ '200': '/paths/~1v1~1things~1{thingId}/get/responses/200/content/application~1json/schema', '404': '/components/responses/Problem/content/application~1problem+json/schema' });
    expect([get.secured, put.secured]).toEqual([true, false]);
    expect(put.body?.contentType).toBe('application/json');
  });

  it('builds valid requests with hinted ids and documented query parameters', () => {
    const requests = fc.sample(validRequests(ctx, get), { seed: 1, numRuns: 100 });
    expect(requests.some((r) => r.path === '/v1/things/known-id')).toBe(true);
    expect(requests.some((r) => /^\/v1\/things\/[0-9a-f-]{36}$/.test(r.path))).toBe(true);
    expect(requests.every((r) => r.query.every(([k, v]) => k === 'limit' && Number(v) >= 1 && Number(v) <= 100))).toBe(true);
    const puts = fc.sample(validRequests(ctx, put), { seed: 1, numRuns: 50 });
    expect(puts.every((r) => validThing(JSON.parse(r.body!.text)))).toBe(true);
  });

  it('builds hostile requests of every kind', () => {
    const notes = new Set(fc.sample(hostileRequests(ctx, put), { seed: 2, numRuns: 300 }).map((r) => r.note.split(' ')[0]));
    expect([...notes].sort()).toEqual(['anonymous', 'body:', 'forged', 'idempotency-key', 'path', 'query', 'repeated'].sort());
  });

  it('percent-encodes lone surrogates instead of throwing', () => {
    expect(encodeText('a\ud800/b')).toBe('a%ED%A0%80%2Fb');
  });
});

describe('answer checks', () => {
  const ops = operationsOf(doc);
  const get = ops.find((o) => o.method === 'get')!;
  const validator = new ResponseValidator(doc);
  const request: FuzzRequest = { kind: 'valid', method: 'GET', path: '/v1/things/x', query: [], headers: {}, principal: 'employee', note: 'valid' };
  const answer = (status: number, contentType: string, body: unknown, ms = 10): Answer => ({ status, contentType, text: JSON.stringify(body), ms });
  const problem = { type: 'about:blank', title: 'Not found', status: 404, code: 'X.NOT_FOUND' };

  it('accepts a problem+json 4xx and a 2xx matching the documented schema', () => {
    expect(check(get, request, answer(404, 'application/problem+json; charset=utf-8', problem), validator)).toEqual([]);
    expect(check(get, request, answer(200, 'application/json', { id: '0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b', kind: 'a', tags: [], legacy: null }), validator)).toEqual([]);
  });

  it('flags 5xx, non-problem 4xx, wrong 2xx bodies and slow answers', () => {
    expect(check(get, request, answer(500, 'application/problem+json', { ...problem, status: 500 }), validator)).toEqual(['status 500']);
    expect(check(get, request, answer(404, 'text/html', '<h1>'), validator)).toEqual(["error with content-type 'text/html'"]);
    expect(check(get, request, answer(400, 'application/problem+json', { title: 'x', status: 404 }), validator)).toEqual(['problem+json without type/title/matching status']);
    expect(check(get, request, answer(200, 'application/json', { id: 'nope', kind: 'c', tags: [] }), validator).length).toBeGreaterThan(0);
    expect(check(get, request, answer(404, 'application/problem+json', problem, 6_000), validator)).toEqual(['took 6000 ms (bound 5000 ms)']);
  });

  it('accepts a 501 only where the document declares it, and then only as an error body', () => {
    const unsupported = { ...get, responses: { ...get.responses, '501': undefined } };
    const problem501 = { type: 'about:blank', title: 'Not Implemented', status: 501 };
    expect(check(unsupported, request, answer(501, 'application/problem+json', problem501), validator)).toEqual([]);
    expect(check(unsupported, request, answer(501, 'text/plain', 'no'), validator)).toEqual(["error with content-type 'text/plain'"]);
    expect(check(get, request, answer(501, 'application/problem+json', problem501), validator)).toEqual(['status 501']);
  });

  it("accepts a 503 from /ready only with the readiness body naming what is down", () => {
    const ready = { ...get, path: '/ready', responses: {} };
    const notReady = { status: 'not-ready', checks: { mongodb: { status: 'up' }, kafka: { status: 'down', reason: 'no answer within 1400 ms' } } };
    expect(check(ready, { ...request, path: '/ready' }, answer(503, 'application/json', notReady), validator)).toEqual([]);
    expect(check(ready, { ...request, path: '/ready' }, answer(503, 'application/json', { status: 'not-ready', checks: { mongodb: { status: 'up' } } }), validator)).toEqual(['status 503']);
    expect(check(get, request, answer(503, 'application/json', notReady), validator)).toEqual(['status 503']);
  });

  it('accepts the SCIM error body on /scim/v2 routes only', () => {
    const scimError = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'x' };
    expect(check(get, { ...request, path: '/scim/v2/Users/x' }, answer(404, 'application/scim+json', scimError), validator)).toEqual([]);
    expect(check(get, request, answer(404, 'application/scim+json', scimError), validator)).toEqual(["error with content-type 'application/scim+json'"]);
  });
});
