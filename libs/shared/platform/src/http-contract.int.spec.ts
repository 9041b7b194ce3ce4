import { Controller, Module } from '@nestjs/common';
import { JsonLogger } from '@plein/shared/observability';
import { z } from 'zod';
import { Endpoint, RequestInput, route, type InputOf } from './api/api-route';
import { pageLimit, text, uuid } from './api/schemas';
import { bootstrapService, type RunningService } from './bootstrap-service';

const ECHO = route({
  method: 'get',
  path: '/v1/things/{thingId}',
  summary: 'A thing',
  auth: 'none',
  params: z.object({ thingId: uuid() }),
  query: z.object({ limit: pageLimit(20), after: text(36).optional() }),
});
const CREATE = route({
  method: 'post',
  path: '/v1/things',
  summary: 'Create a thing',
  auth: 'none',
  status: 201,
  body: z.object({ name: z.string().min(1).max(10), tags: z.array(z.string().max(5)).max(2).optional(), audience: z.object({ kind: z.enum(['organisation', 'group']) }) }),
});
const SLOW = route({ method: 'get', path: '/v1/slow', summary: 'Answers after 600 ms', auth: 'none' });

let slowAnswered = false;

@Controller()
class ThingsController {
  @Endpoint(ECHO)
  echo(@RequestInput() input: InputOf<typeof ECHO>) {
    return { thingId: input.params.thingId, limit: input.query.limit, after: input.query.after ?? null };
  }

  @Endpoint(CREATE)
  create(@RequestInput() input: InputOf<typeof CREATE>) {
    return { name: input.body.name };
  }

  @Endpoint(SLOW)
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 600));
    slowAnswered = true;
    return { late: true };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

/** The HTTP contract every service gets from the platform: strict query strings, 405s, a time budget, an OpenAPI document. */
describe('platform HTTP contract (in-process service, no servers)', () => {
  let service: RunningService;
  const lines: string[] = [];
  beforeAll(async () => {
    service = await bootstrapService({
      service: { name: 'things', http: { host: '127.0.0.1', port: 0 }, logLevel: 'warn', otlpEndpoint: undefined, requestTimeoutMs: 300 } as never,
      dependencies: {},
      module: ThingsModule,
      logger: new JsonLogger({ service: 'things', level: 'warn', write: (line) => lines.push(line) }),
      handleSignals: false,
      api: { title: 'Things', description: 'A test service' },
    });
  });
  afterAll(async () => {
    await service?.close();
  });
  const get = (path: string, init?: RequestInit) => fetch(`${service.url}${path}`, init);
  const problemOf = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { code: string; errors?: { field: string }[] } });

  it.each([
    ['/v1/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b?after=a&after=b', 'query.after'],
    ['/v1/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b?after[]=a', 'query.after'],
    ['/v1/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b?after[x]=a', 'query.after'],
    ['/v1/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b?limit=1&limit=2', 'query.limit'],
    ['/nowhere?a=1&a=2', 'query.a'],
  ])('refuses a repeated or array-shaped query parameter: %s', async (path, field) => {
    const answer = await problemOf(await get(path));
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body.code).toBe('PLATFORM.INVALID_QUERY');
    expect(answer.body.errors?.map((e) => e.field)).toEqual([field]);
  });

  it('validates path, query and body against the route declaration, naming each field', async () => {
    const bad = await problemOf(await get('/v1/things/not-a-uuid?limit=0'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['path.thingId', 'query.limit']);
    const ok = await get('/v1/things/0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B?limit=5&after=x');
    expect(await ok.json()).toEqual({ thingId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', limit: 5, after: 'x' });
    const body = await problemOf(await get('/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '', tags: ['toolong'], audience: { kind: 'x' } }) }));
    expect(body.status).toBe(400);
    expect(body.body.errors?.map((e) => e.field).sort()).toEqual(['body.audience.kind', 'body.name', 'body.tags[0]']);
    const notObject = await problemOf(await get('/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' }));
    expect(notObject.body.errors?.map((e) => e.field)).toEqual(['body']);
    const created = await get('/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'a', audience: { kind: 'group' } }) });
    expect(created.status).toBe(201);
  });

  it('answers 405 with Allow for a method the path does not have, 404 for an unknown path', async () => {
    const res = await get('/v1/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const answer = await problemOf(res);
    expect(answer).toMatchObject({ status: 405, body: { code: 'PLATFORM.METHOD_NOT_ALLOWED' } });
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect((await get('/health', { method: 'POST' })).status).toBe(405);
    expect((await get('/openapi.json', { method: 'PUT' })).status).toBe(405);
    expect((await get('/v1/nothing-here', { method: 'DELETE' })).status).toBe(404);
  });

  it('answers a malformed percent-escape in a path parameter with a 400, not a 500', async () => {
    const answer = await problemOf(await get('/v1/things/%E0%A4%A'));
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    const other = await problemOf(await get('/v1/things/%E0%A4%A', { method: 'DELETE' }));
    expect(other.status).toBe(400);
    const surrogate = await problemOf(await get('/v1/things/%ED%A0%80'));
    expect(surrogate).toMatchObject({ status: 400, body: { code: 'PLATFORM.MALFORMED_PATH', errors: [{ field: 'path' }] } });
  });

  it('answers 503 with Retry-After past the time budget, logs the route, and drops the late answer', async () => {
    const res = await get('/v1/slow');
    const answer = await problemOf(res);
    expect(answer).toMatchObject({ status: 503, body: { code: 'PLATFORM.REQUEST_TIMEOUT' } });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slowAnswered).toBe(true);
    const warn = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 'warn' && l['code'] === 'PLATFORM.REQUEST_TIMEOUT');
    expect(warn).toMatchObject({ route: '/v1/slow', method: 'GET' });
    expect(lines.some((l) => l.includes('"level":"error"'))).toBe(false);
    expect((await get('/health')).status).toBe(200); // the service is fine afterwards
  });

  it('serves its OpenAPI 3.1 document at /openapi.json without authentication, from the same declarations', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; info: { title: string }; paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: Record<string, unknown> }[]; requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Things');
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/openapi.json', '/ready', '/v1/slow', '/v1/things', '/v1/things/{thingId}']);
    const echo = doc.paths['/v1/things/{thingId}']!['get']!;
    expect(echo.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'thingId', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) }),
        expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }) }),
      ]),
    );
    expect(Object.keys(echo.responses)).toEqual(expect.arrayContaining(['200', '400', '405', '503']));
    expect(doc.paths['/v1/things']!['post']!.responses['201']).toBeDefined();
    expect(JSON.stringify(doc.paths['/v1/things']!['post']!.requestBody)).toContain('"maxLength":10');
  });
});
