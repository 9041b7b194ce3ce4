import { signIn, startHarness, type Harness } from './testing/identity-harness';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PLEIN = 'urn:ietf:params:scim:schemas:extension:plein:2.0:User';

describe('roles, badges and organisation data over HTTP (real servers)', () => {
  let h: Harness;
  let admin: { token: string; id: string };
  let julia: { token: string; id: string; browser: Awaited<ReturnType<typeof signIn>>['browser'] };

  const call = async (token: string, method: string, path: string) => {
    const res = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };

  beforeAll(async () => {
    h = await startHarness({ env: { IDENTITY_BOOTSTRAP_ADMINS: 'wouter.schouten@demo.plein.dev' } });
    const w = await signIn(h, 'wouter.schouten');
    admin = { token: w.accessToken, id: (await call(w.accessToken, 'GET', '/v1/me')).body['id'] as string };
    const j = await signIn(h, 'julia.hoekstra');
    julia = { token: j.accessToken, id: (await call(j.accessToken, 'GET', '/v1/me')).body['id'] as string, browser: j.browser };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives bootstrap admins the admin role at provisioning, as system:bootstrap-admin', async () => {
    expect((await call(admin.token, 'GET', '/v1/me')).body['roles']).toEqual(['employee', 'admin']);
    const history = (await call(admin.token, 'GET', `/v1/users/${admin.id}/history`)).body['events'] as { type: string; actorId: string }[];
    expect(history.filter((e) => e.type === 'identity.user.role-granted')).toEqual([expect.objectContaining({ actorId: 'system:bootstrap-admin', data: { role: 'admin' } })]);
  });

  it('lets an admin grant a role, refuses non-admins, and audits every change with its actor', async () => {
    expect(await call(julia.token, 'PUT', `/v1/users/${julia.id}/roles/admin`)).toMatchObject({ status: 403, body: { code: 'AUTH.MISSING_ROLE' } });
    expect(await call(admin.token, 'PUT', `/v1/users/${julia.id}/roles/moderator`)).toMatchObject({ status: 200, body: { roles: ['employee', 'moderator'] } });
    expect(await call(admin.token, 'PUT', `/v1/users/${julia.id}/roles/root`)).toMatchObject({ status: 400, body: { errors: [{ field: 'path.role' }] } });
    expect(await call(admin.token, 'PUT', `/v1/users/${julia.id}/badges/ambassador`)).toMatchObject({ status: 200, body: { badges: ['ambassador'] } });
    const history = (await call(admin.token, 'GET', `/v1/users/${julia.id}/history`)).body['events'] as { type: string; actorId: string; data: unknown }[];
    expect(history.map((e) => [e.type, e.actorId])).toEqual(
      expect.arrayContaining([
        ['identity.user.role-granted', admin.id],
        ['identity.user.attributes-changed', admin.id],
      ]),
    );
    expect((await call(julia.token, 'GET', `/v1/users/${julia.id}/history`)).status).toBe(403);
  });

  it('refuses tokens issued before a role was revoked (within 5 s); a refresh carries the new roles', async () => {
    await call(admin.token, 'PUT', `/v1/users/${julia.id}/roles/community-manager`);
    const refreshed = (await (await julia.browser.request(`${h.url}/auth/token`, {})).json()) as { access_token: string };
    expect((await call(refreshed.access_token, 'GET', '/v1/me')).body['roles']).toEqual(['employee', 'moderator', 'community-manager']);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the next token must be issued in a later second
    expect((await call(admin.token, 'DELETE', `/v1/users/${julia.id}/roles/community-manager`)).status).toBe(200);
    const start = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - start < 6_000) {
      status = (await call(refreshed.access_token, 'GET', '/v1/me')).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
    expect(Date.now() - start).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = (await (await julia.browser.request(`${h.url}/auth/token`, {})).json()) as { access_token: string };
    expect(await call(again.access_token, 'GET', '/v1/me')).toMatchObject({ status: 200, body: { roles: ['employee', 'moderator'] } });
  });

  it('answers a malformed Idempotency-Key with a 400 problem naming the header, and changes nothing', async () => {
    const res = await fetch(`${h.url}/v1/users/${julia.id}/roles/community-manager`, { method: 'PUT', headers: { authorization: `Bearer ${admin.token}`, 'idempotency-key': 'has space' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'PLATFORM.INVALID_IDEMPOTENCY_KEY', errors: [{ field: 'header.Idempotency-Key' }] });
    expect((await call(admin.token, 'GET', `/v1/users/${julia.id}`)).body['roles']).toEqual(['employee', 'moderator']);
  });

  it('keeps at least one active admin', async () => {
    expect(await call(admin.token, 'DELETE', `/v1/users/${admin.id}/roles/admin`)).toMatchObject({ status: 409, body: { code: 'IDENTITY.LAST_ADMIN' } });
    expect(await call(admin.token, 'POST', `/v1/users/${admin.id}/deactivate`)).toMatchObject({ status: 409, body: { code: 'IDENTITY.LAST_ADMIN' } });
  });

  it('serves the organisation: a person, their reports and their reports-to chain', async () => {
    const create = async (userName: string, level: string, managerId?: string) =>
      (
        await h.scim('POST', '/Users', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT, PLEIN],
          userName,
          displayName: userName.split('@')[0],
          [ENT]: { department: 'Operations', ...(managerId ? { manager: { value: managerId } } : {}) },
          [PLEIN]: { managementLevel: level },
        })
      ).body['id'] as string;
    const director = await create('director@org.test', 'director');
    const manager = await create('manager@org.test', 'manager', director);
    const employee = await create('employee@org.test', 'employee', manager);
    expect(await call(admin.token, 'GET', `/v1/users/${manager}`)).toMatchObject({ status: 200, body: { managementLevel: 'manager', managerId: director, department: 'Operations' } });
    expect(((await call(admin.token, 'GET', `/v1/users/${manager}/reports`)).body['reports'] as { id: string }[]).map((r) => r.id)).toEqual([employee]);
    expect(((await call(admin.token, 'GET', `/v1/users/${employee}/chain`)).body['chain'] as { id: string }[]).map((r) => r.id)).toEqual([manager, director]);
  });

  it('lets an admin deactivate someone: their sessions end and their tokens are refused', async () => {
    const sven = await signIn(h, 'sven.prins');
    const svenId = (await call(sven.accessToken, 'GET', '/v1/me')).body['id'] as string;
    expect(await call(admin.token, 'POST', `/v1/users/${svenId}/deactivate`)).toMatchObject({ status: 200, body: { active: false } });
    expect((await sven.browser.request(`${h.url}/auth/token`, {})).status).toBe(401);
    const start = Date.now();
    while ((await call(sven.accessToken, 'GET', '/v1/me')).status === 200 && Date.now() - start < 6_000) await new Promise((r) => setTimeout(r, 50));
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});
