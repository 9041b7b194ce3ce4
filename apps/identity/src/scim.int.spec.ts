import { startHarness, type Harness } from './testing/identity-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENT],
  userName,
  externalId: `ext-${userName}`,
  name: { givenName: 'Camille', familyName: 'Laurent' },
  emails: [{ value: userName, type: 'work', primary: true }],
  title: 'Financieel Analist',
  [ENT]: { department: 'Finance', employeeNumber: '1038' },
  ...extra,
});

describe('SCIM 2.0 over HTTP (real servers)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses requests without the bearer token, comparing it in constant time', async () => {
    const res = await fetch(`${h.url}/scim/v2/Users`, { headers: { authorization: 'Bearer wrong-token' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toEqual({ schemas: [ERROR], status: '401', detail: expect.any(String) });
  });

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const spc = await h.scim('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, etag: { supported: true }, sort: { supported: true }, bulk: { supported: false } });
    const types = await h.scim('GET', '/ResourceTypes');
    expect((types.body['Resources'] as { id: string }[]).map((t) => t.id)).toEqual(['User', 'Group']);
    const schemas = await h.scim('GET', '/Schemas');
    expect((schemas.body['Resources'] as { id: string }[]).map((s) => s.id)).toContain(ENT);
    expect((await h.scim('GET', `/Schemas/${USER}`)).body).toMatchObject({ id: USER, name: 'User' });
  });

  it('creates a user (201, Location, ETag), reads it back at once, and answers 409 for a taken userName', async () => {
    const created = await h.scim('POST', '/Users', user('camille.laurent@scim.test'));
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    expect(created.headers.get('location')).toBe(`${h.url}/scim/v2/Users/${id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    const read = await h.scim('GET', `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, userName: 'camille.laurent@scim.test', active: true, [ENT]: { department: 'Finance' }, meta: { resourceType: 'User', version: 'W/"1"' } });
    expect((await h.scim('GET', `/Users/${id}`, undefined, { 'if-none-match': 'W/"1"' })).status).toBe(304);
    const duplicate = await h.scim('POST', '/Users', user('Camille.Laurent@SCIM.test'));
    expect(duplicate).toMatchObject({ status: 409, body: { schemas: [ERROR], status: '409', scimType: 'uniqueness' } });
  });

  it('answers a malformed Idempotency-Key with a SCIM 400 naming the header, and creates nothing', async () => {
    const refused = await h.scim('POST', '/Users', user('bad.key@scim.test'), { 'idempotency-key': 'has space' });
    expect(refused).toMatchObject({ status: 400, body: { schemas: [ERROR], status: '400', detail: expect.stringContaining('header.Idempotency-Key') } });
    expect((await h.scim('GET', '/Users?filter=userName%20eq%20%22bad.key%40scim.test%22')).body['totalResults']).toBe(0);
  });

  it('filters (Entra and Okta lookups), sorts and pages', async () => {
    for (const name of ['a.bakker@scim.test', 'b.visser@scim.test', 'c.smit@other.test']) expect((await h.scim('POST', '/Users', user(name))).status).toBe(201);
    const byName = await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "A.BAKKER@scim.test"')}`);
    expect(byName.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [{ userName: 'a.bakker@scim.test' }] });
    const byExternal = await h.scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-b.visser@scim.test"')}&attributes=userName`);
    expect(byExternal.body['Resources']).toEqual([expect.objectContaining({ userName: 'b.visser@scim.test' })]);
    expect(Object.keys((byExternal.body['Resources'] as object[])[0]!).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    const page = await h.scim('GET', `/Users?filter=${encodeURIComponent('userName ew "@scim.test" and active eq true')}&sortBy=userName&sortOrder=descending&startIndex=2&count=2`);
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 2 });
    expect((page.body['Resources'] as { userName: string }[]).map((u) => u.userName)).toEqual(['b.visser@scim.test', 'a.bakker@scim.test']);
  });

  it('applies PATCH in the Entra ID shape', async () => {
    const id = (await h.scim('POST', '/Users', user('entra.user@scim.test'))).body['id'] as string;
    const manager = (await h.scim('POST', '/Users', user('entra.manager@scim.test'))).body['id'] as string;
    const res = await h.scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'entra.renamed@scim.test' },
        { op: 'Add', path: `${ENT}:manager`, value: manager },
        { op: 'Replace', value: { 'name.familyName': 'Dubois', [`${ENT}:department`]: 'Treasury' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ emails: [{ value: 'entra.renamed@scim.test' }], name: { familyName: 'Dubois' }, [ENT]: { department: 'Treasury', manager: { value: manager, displayName: 'Camille Laurent' } } });
    const deactivated = await h.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(deactivated.body['active']).toBe(false);
  });

  it('applies PATCH in the Okta shape and honours If-Match', async () => {
    const created = await h.scim('POST', '/Users', user('okta.user@scim.test'));
    const id = created.body['id'] as string;
    const res = await h.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false, title: 'Controller' } }] }, { 'if-match': created.headers.get('etag')! });
    expect(res).toMatchObject({ status: 200, body: { active: false, title: 'Controller' } });
    const stale = await h.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { title: 'x' } }] }, { 'if-match': 'W/"1"' });
    expect(stale).toMatchObject({ status: 412, body: { schemas: [ERROR], status: '412' } });
  });

  it('deletes a user: later GETs are 404, a second DELETE too', async () => {
    const id = (await h.scim('POST', '/Users', user('gone@scim.test'))).body['id'] as string;
    expect((await h.scim('DELETE', `/Users/${id}`)).status).toBe(204);
    expect(await h.scim('GET', `/Users/${id}`)).toMatchObject({ status: 404, body: { schemas: [ERROR], status: '404' } });
    expect((await h.scim('DELETE', `/Users/${id}`)).status).toBe(404);
    expect((await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "gone@scim.test"')}`)).body['totalResults']).toBe(0);
    expect((await h.scim('POST', '/Users', user('gone@scim.test'))).status).toBe(201);
  });

  it('manages groups: create, Okta/Entra member PATCH, excludedAttributes, delete', async () => {
    const a = (await h.scim('POST', '/Users', user('member.a@scim.test'))).body['id'] as string;
    const b = (await h.scim('POST', '/Users', user('member.b@scim.test'))).body['id'] as string;
    const group = await h.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Finance', externalId: 'dept-finance', members: [{ value: a }] });
    expect(group.status).toBe(201);
    const id = group.body['id'] as string;
    await h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: b }] }] });
    const entra = await h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: a }] }] });
    expect(entra.body['members']).toEqual([expect.objectContaining({ value: b })]);
    const slim = await h.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "finance"')}&excludedAttributes=members`);
    expect(slim.body).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: 'Finance' }] });
    expect((slim.body['Resources'] as object[])[0]).not.toHaveProperty('members');
    expect((await h.scim('GET', `/Users/${b}`)).body['groups']).toEqual([expect.objectContaining({ value: id, display: 'Finance' })]);
    expect((await h.scim('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await h.scim('GET', `/Groups/${id}`)).status).toBe(404);
  });

  it.each([
    ['malformed JSON', 'POST', '/Users', '{"userName": ', 400, 'invalidSyntax'],
    ['a missing userName', 'POST', '/Users', { schemas: [USER] }, 400, 'invalidValue'],
    ['a wrongly typed attribute', 'POST', '/Users', { schemas: [USER], userName: 'x@scim.test', active: 'maybe' }, 400, 'invalidValue'],
    ['a bad filter', 'GET', `/Users?filter=${encodeURIComponent('userName zz "x"')}`, undefined, 400, 'invalidFilter'],
    ['a PATCH without PatchOp schema', 'PATCH', '/Users/01964b1e-0000-7000-8000-000000000001', { Operations: [] }, 400, 'invalidSyntax'],
    ['an unknown user', 'GET', '/Users/01964b1e-0000-7000-8000-000000000001', undefined, 404, undefined],
    ['an unknown endpoint', 'GET', '/Nope', undefined, 404, undefined],
  ])('answers %s with an RFC 7644 error body', async (_what, method, path, body, status, scimType) => {
    const res = await h.scim(method, path, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) });
  });

  it('answers a PATCH with an invalid path as 400 invalidPath, changing nothing', async () => {
    const created = await h.scim('POST', '/Users', user('bad.patch@scim.test'));
    const res = await h.scim('PATCH', `/Users/${created.body['id'] as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'ok' }, { op: 'replace', path: 'nosuchattr', value: 1 }] });
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidPath' });
    expect((await h.scim('GET', `/Users/${created.body['id'] as string}`)).body['title']).toBe('Financieel Analist');
  });
});
