import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { uuidv7 } from '@plein/shared/kernel';
import { FEED_CONTROLLERS } from './feed.module';
import { MeController } from './http/me.controller';
import { newUser, startFeed, type FeedUnderTest } from './testing/feed-test-kit';

const FOLLOW_KINDS = ['person', 'group', 'hashtag'];

/** Every route the controllers declare, as `METHOD /path` with `{param}` placeholders. */
function declaredRoutes(): string[] {
  const out: string[] = [];
  for (const controller of [...FEED_CONTROLLERS, MeController]) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as unknown as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || path === undefined) continue;
      const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
      // The follow routes are documented once per kind (the key's format depends on it).
      const variants = full.includes('{kind}') ? FOLLOW_KINDS.map((kind) => full.replace('{kind}', kind)) : [full];
      for (const variant of variants) out.push(`${RequestMethod[method]} ${variant}`);
    }
  }
  return out.sort();
}

type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; const?: unknown; maxLength?: number; maxItems?: number; minimum?: number; maximum?: number; pattern?: string; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; default?: unknown };
type Operation = { parameters?: { name: string; in: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };
const PLATFORM_ROUTES = ['GET /health', 'GET /ready', 'GET /openapi.json'];

/** Every string without an enum/const/format says its maximum length; every array its maximum size; every integer its range. */
function imprecise(schema: Schema, at: string): string[] {
  if (schema.oneOf || schema.anyOf) return (schema.oneOf ?? schema.anyOf)!.flatMap((s, k) => imprecise(s, `${at}|${k}`));
  const out: string[] = [];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string') && schema.enum === undefined && schema.const === undefined && schema.format === undefined && schema.maxLength === undefined) out.push(`${at}: string without maxLength`);
  if (types.includes('array') && schema.maxItems === undefined) out.push(`${at}: array without maxItems`);
  if (types.includes('integer') && (schema.minimum === undefined || schema.maximum === undefined)) out.push(`${at}: integer without range`);
  for (const [name, property] of Object.entries(schema.properties ?? {})) out.push(...imprecise(property, `${at}.${name}`));
  if (schema.items) out.push(...imprecise(schema.items, `${at}[]`));
  return out;
}

/** The OpenAPI document served by the feed agrees with its controllers, in both directions. */
describe('feed OpenAPI document (real servers)', () => {
  let feed: FeedUnderTest;
  beforeAll(async () => {
    feed = await startFeed();
  }, 120_000);
  afterAll(async () => {
    await feed?.close();
  });

  it('documents exactly the routes the service has', async () => {
    const res = await fetch(`${feed.service.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(await (await fetch(`${feed.service.url}/v1/openapi.json`)).json()).toEqual(doc);
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(50);
    expect(documented.filter((r) => !PLATFORM_ROUTES.includes(r))).toEqual(declared);
    expect(documented).toEqual(expect.arrayContaining(PLATFORM_ROUTES));
  });

  it('says precisely what each operation accepts: UUID ids, enums, lengths, sizes, ranges, and 405/problem responses', async () => {
    const doc = (await (await fetch(`${feed.service.url}/openapi.json`)).json()) as Doc;
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const at = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) {
          problems.push(...imprecise(p.schema, `${at} ${p.in}.${p.name}`));
          if (p.in === 'path' && /Id$/.test(p.name) && p.schema.format !== 'uuid') problems.push(`${at} path.${p.name}: not format uuid`);
          if (p.name === 'limit' && (p.schema.minimum !== 1 || p.schema.maximum !== 100)) problems.push(`${at} query.limit: not 1..100`);
        }
        for (const content of Object.values(op.requestBody?.content ?? {})) problems.push(...imprecise(content.schema, `${at} body`));
        if (!op.responses['405'] || !op.responses['400']) problems.push(`${at}: 400 and 405 responses not documented`);
      }
    }
    expect(problems).toEqual([]);
    // What a follow key must be depends on the kind: one path per kind, each with its key's own schema.
    const key = (kind: string) => doc.paths[`/v1/follows/${kind}/{key}`]!['put']!.parameters!.find((p) => p.name === 'key')!.schema;
    expect([key('person').format, key('group').format, key('hashtag').maxLength]).toEqual(['uuid', 'uuid', 256]);
    expect(doc.paths['/v1/follows/{kind}/{key}']).toBeUndefined();
    const actions = doc.paths['/v1/groups/{groupId}/members/{userId}/{action}']!['post']!.parameters!.find((p) => p.name === 'action')!.schema.enum;
    expect(actions).toEqual(['approve', 'decline', 'invite', 'add', 'remove', 'change-role']);
    // The call to action per post kind: a question asks for answers, and only a question does.
    const publish = doc.paths['/v1/posts']!['post']!.requestBody!.content['application/json']!.schema;
    const byKind = (publish.oneOf ?? []).map((o) => ({ kinds: o.properties!['kind']!.const ?? o.properties!['kind']!.enum, cta: (o.properties!['callToAction']!.oneOf ?? [o.properties!['callToAction']!]).map((c) => c.properties!['kind']!.const) }));
    expect(byKind).toContainEqual({ kinds: 'question', cta: ['answer'] });
    for (const other of byKind.filter((b) => b.kinds !== 'question')) expect(other.cta).not.toContain('answer');
  });

  it('validates requests against the document: path ids, repeated query parameters, the call to action per kind', async () => {
    const user = newUser();
    const postId = uuidv7();
    expect(await feed.call(user, 'GET', `/v1/posts/${postId}/comments?after=${uuidv7()}&after=${uuidv7()}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'query.after' }] } });
    expect(await feed.call(user, 'GET', `/v1/posts/${postId}/comments?limit=101`)).toMatchObject({ status: 400, body: { errors: [{ field: 'query.limit' }] } });
    expect(await feed.call(user, 'GET', '/v1/posts/not-a-uuid')).toMatchObject({ status: 400, body: { errors: [{ field: 'path.postId' }] } });
    const wrongCta = await feed.call(user, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'hello', callToAction: { kind: 'answer' } });
    expect(wrongCta).toMatchObject({ status: 400, body: { errors: [{ field: 'body.callToAction.kind' }] } });
    const missingGroup = await feed.call(user, 'POST', '/v1/posts', { audience: { kind: 'group' }, kind: 'question', body: 'why?', callToAction: { kind: 'answer' } });
    expect(missingGroup).toMatchObject({ status: 400, body: { errors: [{ field: 'body.audience.groupId' }] } });
    const members = await feed.call(user, 'POST', `/v1/groups/${uuidv7()}/members/${uuidv7()}/promote`, {});
    expect(members).toMatchObject({ status: 400, body: { errors: [{ field: 'path.action' }] } });
    const ok = await feed.call(user, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'hello 👋', callToAction: { kind: 'vote', options: ['a', 'b'] } });
    expect(ok.status).toBe(201);
  });

  it('follows by the documented paths: a person or group by UUID, a hashtag by its text; a hashtag key as a person is a 400 naming path.key', async () => {
    const user = newUser();
    expect(await feed.call(user, 'PUT', '/v1/follows/hashtag/plein')).toMatchObject({ status: 200, body: { following: true } });
    expect(await feed.call(user, 'DELETE', '/v1/follows/hashtag/plein')).toMatchObject({ status: 200, body: { following: false } });
    expect(await feed.call(user, 'PUT', '/v1/follows/person/plein')).toMatchObject({ status: 400, body: { errors: [{ field: 'path.key' }] } });
    expect(await feed.call(user, 'PUT', `/v1/follows/people/${uuidv7()}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'path.kind' }] } });
  });

  it('documents that no string or property name may hold U+0000, and refuses one in an undeclared field with a 400 naming it', async () => {
    const doc = (await (await fetch(`${feed.service.url}/openapi.json`)).json()) as Doc & { components: { schemas: Record<string, unknown> } };
    const publish = doc.paths['/v1/posts']!['post']!.requestBody!.content['application/json']!.schema as Schema & { oneOf: (Schema & { propertyNames?: Schema; additionalProperties?: unknown })[] };
    for (const variant of publish.oneOf) {
      expect(variant.propertyNames).toEqual({ pattern: '^[^\\u0000]*$' });
      expect(variant.additionalProperties).toEqual({ $ref: '#/components/schemas/JsonWithoutNul' });
      expect(variant.properties!['body']!.pattern).toBe('^[^\\u0000]*$');
    }
    expect(doc.components.schemas['JsonWithoutNul']).toBeDefined();
    const answer = await feed.call(newUser(), 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'hello', callToAction: { kind: 'fyi' }, extra: ['a\u0000'] });
    expect(answer).toMatchObject({ status: 400, body: { code: 'PLATFORM.NUL_CHARACTER', errors: [{ field: 'body.extra[0]' }] } });
  });

  it('answers a method a documented path lacks with 405 problem+json and Allow', async () => {
    const res = await fetch(`${feed.service.url}/v1/posts/${uuidv7()}`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('PLATFORM.METHOD_NOT_ALLOWED');
  });

  it('answers every documented route with its own answer, never the unknown-route 404', async () => {
    const res = await fetch(`${feed.service.url}/openapi.json`);
    const doc = (await res.json()) as Doc;
    const user = newUser();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const concrete = path.replace(/\{\w+\}/g, () => uuidv7());
        const answer = await feed.call(user, method.toUpperCase(), concrete, ['post', 'put', 'patch'].includes(method) ? {} : undefined);
        expect({ route: `${method} ${path}`, unknownRoute: answer.body?.code === 'PLATFORM.NOT_FOUND', serverError: answer.status >= 500 }).toEqual({ route: `${method} ${path}`, unknownRoute: false, serverError: false });
      }
    }
  });
});
