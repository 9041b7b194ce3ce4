import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { uuidv7 } from '@plein/shared/kernel';
import { AuthController } from './http/auth/auth.controller';
import { JwksController } from './http/auth/jwks.controller';
import { ScimDiscoveryController } from './http/scim/scim-discovery.controller';
import { ScimGroupsController } from './http/scim/scim-groups.controller';
import { ScimUsersController } from './http/scim/scim-users.controller';
import { UsersController } from './http/users/users.controller';
import { signIn, startHarness, type Harness } from './testing/identity-harness';

const CONTROLLERS: Type[] = [ScimUsersController, ScimGroupsController, ScimDiscoveryController, AuthController, JwksController, UsersController];
const PLATFORM_ROUTES = ['GET /health', 'GET /ready', 'GET /openapi.json'];
type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; const?: unknown; maxLength?: number; maxItems?: number; minimum?: number; maximum?: number; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[] };
type Operation = { parameters?: { name: string; in: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> };
type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>> };

/** Every route the controllers declare (inherited handlers too), as `METHOD /path` with `{param}` placeholders. */
function declaredRoutes(): string[] {
  const out = new Set<string>();
  for (const controller of CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        // @All is documented as the five methods; a handler may serve several paths.
        const methods = method === RequestMethod.ALL ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [RequestMethod[method]];
        for (const path of [paths].flat()) {
          const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
          for (const m of methods) out.add(`${m} ${full}`);
        }
      }
    }
  }
  return [...out].sort();
}

const concrete = (path: string): string =>
  path
    .replace('{role}', 'moderator')
    .replace('{badge}', 'ambassador')
    .replace('{name}', 'User')
    .replace(/\{\w+\}/g, () => uuidv7());

/** Identity serves an OpenAPI document that agrees with its controllers, and the platform's HTTP contract. */
describe('identity OpenAPI document and HTTP contract (real servers)', () => {
  let h: Harness;
  let doc: Doc;
  let token: string;
  beforeAll(async () => {
    h = await startHarness();
    token = (await signIn(h, 'julia.hoekstra')).accessToken;
    doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as Doc;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('serves its OpenAPI 3.1 document at GET /openapi.json without authentication', async () => {
    const res = await fetch(`${h.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'Plein identity' } });
  });

  it('documents exactly the routes the service has', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(25);
    expect(documented.filter((r) => !PLATFORM_ROUTES.includes(r))).toEqual(declared);
  });

  it('declares UUID ids, role and badge enums, and 405 responses for the user API', () => {
    const grant = doc.paths['/v1/users/{id}/roles/{role}']!['put']!;
    expect(grant.parameters!.find((p) => p.name === 'id')!.schema.format).toBe('uuid');
    expect(grant.parameters!.find((p) => p.name === 'role')!.schema.enum).toEqual(['employee', 'moderator', 'community-manager', 'admin', 'hr-legal', 'insights-viewer']);
    expect(doc.paths['/v1/users/{id}/badges/{badge}']!['put']!.parameters!.find((p) => p.name === 'badge')!.schema.enum).toEqual(['ambassador']);
    for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) expect({ route: `${method} ${path}`, has405: Boolean(op.responses['405']) }).toEqual({ route: `${method} ${path}`, has405: true });
  });

  it('documents every answer as it is sent: SCIM errors in SCIM form, the OAuth error of the back-channel logout, the logout redirect', async () => {
    type Response = { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: { properties?: Record<string, { type?: string }>; required?: string[] } }> };
    const responses = (path: string, method: string) => (doc.paths[path]![method]!.responses as Record<string, Response>);
    const scim401 = responses('/scim/v2/Users', 'get')['401']!.content!;
    expect(Object.keys(scim401)).toEqual(['application/scim+json']);
    expect(scim401['application/scim+json']!.schema.properties!['status']!.type).toBe('string');
    const unauthorised = await fetch(`${h.url}/scim/v2/Users`, { headers: { authorization: 'Bearer wrong' } });
    expect({ status: unauthorised.status, type: unauthorised.headers.get('content-type'), body: await unauthorised.json() }).toMatchObject({
      status: 401,
      type: expect.stringMatching(/^application\/scim\+json/),
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' },
    });
    const backchannel400 = responses('/auth/backchannel-logout', 'post')['400']!.content!;
    expect(Object.keys(backchannel400).sort()).toEqual(['application/json', 'application/problem+json']);
    expect(backchannel400['application/json']!.schema.required).toEqual(['error']);
    const refused = await fetch(`${h.url}/auth/backchannel-logout`, { method: 'POST' });
    expect({ status: refused.status, type: refused.headers.get('content-type'), body: await refused.json() }).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/json/), body: { error: 'invalid_request' } });
    expect(responses('/auth/logout', 'post')['303']).toMatchObject({ headers: { Location: expect.any(Object) } });
  });

  it('validates path parameters against the document', async () => {
    const res = await fetch(`${h.url}/v1/users/not-a-uuid`, { headers: { authorization: `Bearer ${token}` } });
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 400, body: { errors: [{ field: 'path.id' }] } });
  });

  // Last of the authenticated checks: POST /auth/logout ends the session of `token`.
  it('answers every documented route with its own answer, never the unknown-route 404 or a 5xx', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const scim = path.startsWith('/scim/');
        const res = await fetch(`${h.url}${concrete(path)}`, {
          method: method.toUpperCase(),
          redirect: 'manual',
          headers: { authorization: `Bearer ${scim ? h.scimToken : token}`, ...(['post', 'put', 'patch'].includes(method) ? { 'content-type': 'application/json' } : {}) },
          ...(['post', 'put', 'patch'].includes(method) ? { body: '{}' } : {}),
        });
        const body = (await res.text()).slice(0, 500);
        const unknownRoute = body.includes('PLATFORM.NOT_FOUND') || body.includes('No SCIM endpoint');
        const documented501 = Boolean(ops[method]!.responses['501']); // optional SCIM features declared unsupported
        expect({ route: `${method} ${path}`, unknownRoute, serverError: res.status >= 500 && !(res.status === 501 && documented501) }).toEqual({ route: `${method} ${path}`, unknownRoute: false, serverError: false });
      }
    }
  });

  it('answers undeclared methods with 405 and Allow: problem+json, and the SCIM error shape under /scim/v2', async () => {
    const me = await fetch(`${h.url}/v1/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect({ status: me.status, allow: me.headers.get('allow'), type: me.headers.get('content-type') }).toEqual({ status: 405, allow: 'GET, HEAD', type: expect.stringMatching(/^application\/problem\+json/) });
    for (const path of ['/scim/v2/ServiceProviderConfig', '/scim/v2/ResourceTypes', '/scim/v2/Schemas']) {
      const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${h.scimToken}`, 'content-type': 'application/scim+json' }, body: '{}' });
      expect({ path, status: res.status, allow: res.headers.get('allow') }).toEqual({ path, status: 405, allow: 'GET, HEAD' });
      expect(await res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '405' });
    }
    const jwks = await fetch(`${h.url}/.well-known/jwks.json`, { method: 'POST' });
    expect(jwks.status).toBe(405);
  });

  it('refuses a repeated query parameter with a 400 naming it', async () => {
    const res = await fetch(`${h.url}/auth/login?return_to=a&return_to=b`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'query.return_to' }] });
  });
});
