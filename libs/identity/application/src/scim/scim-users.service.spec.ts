import { toScimErrorResponse } from '@plein/identity/domain';
import { MemoryIdentity, testMetadata } from '../testing/memory-identity';
import { UserProvisioning } from '../users/provisioning';
import { ScimGroupsService } from './scim-groups.service';
import { ScimUsersService } from './scim-users.service';

const BASE = 'https://plein.example.org/scim/v2';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function setup(bootstrapAdmins: string[] = []) {
  const mem = new MemoryIdentity();
  const ended: string[] = [];
  const sessions = { endAllForUser: async (userId: string) => (ended.push(userId), 1) };
  const provisioning = new UserProvisioning({ commands: mem.userCommands, users: mem.userDirectory, userNames: mem.userNames, marks: mem.marks, bootstrapAdmins });
  const users = new ScimUsersService({ commands: mem.userCommands, users: mem.userDirectory, groups: mem.groupDirectory, userNames: mem.userNames, provisioning, sessions, groupCommands: mem.groupCommands });
  const groups = new ScimGroupsService({ commands: mem.groupCommands, groups: mem.groupDirectory, users: mem.userDirectory });
  const ctx = (ifMatch?: string) => ({ baseUrl: BASE, metadata: testMetadata(), ifMatch });
  return { mem, users, groups, ended, ctx };
}

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  name: { givenName: 'Sanne', familyName: 'de Vries' },
  emails: [{ value: userName, type: 'work', primary: true }],
  ...extra,
});

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toScimErrorResponse(error);
  }
  throw new Error('expected a failure');
}

describe('ScimUsersService', () => {
  it('creates a user and reads it back with ETag, location and the enterprise extension', async () => {
    const { users, ctx } = setup();
    const created = await users.create(user('sanne@demo.nl', { [ENT]: { department: 'Klantenservice', employeeNumber: '1004' } }), ctx());
    expect(created.version).toBe(1);
    expect(created.resource).toMatchObject({ userName: 'sanne@demo.nl', active: true, displayName: 'Sanne de Vries', [ENT]: { department: 'Klantenservice' }, meta: { version: 'W/"1"' } });
    const id = created.resource['id'] as string;
    expect((created.resource['meta'] as { location: string }).location).toBe(`${BASE}/Users/${id}`);
    expect((await users.get(id, BASE)).resource).toEqual(created.resource);
  });

  it('refuses a second user with the same userName, in any case, as 409 uniqueness', async () => {
    const { users, ctx } = setup();
    await users.create(user('sanne@demo.nl'), ctx());
    expect(await errorOf(users.create(user('SANNE@demo.nl'), ctx()))).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
  });

  it('applies an Entra-style PATCH (capitalised ops, path-keyed values, string booleans)', async () => {
    const { users, ctx, ended } = setup();
    const id = (await users.create(user('sanne@demo.nl'), ctx())).resource['id'] as string;
    const patched = await users.patch(
      id,
      {
        schemas: [PATCH],
        Operations: [
          { op: 'Replace', path: 'title', value: 'Teamleider' },
          { op: 'Add', value: { 'name.givenName': 'Sanna', [`${ENT}:department`]: 'Operations' } },
          { op: 'Replace', path: 'active', value: 'False' },
        ],
      },
      ctx(),
    );
    expect(patched.resource).toMatchObject({ title: 'Teamleider', name: { givenName: 'Sanna' }, active: false, [ENT]: { department: 'Operations' } });
    expect(ended).toEqual([id]);
  });

  it('applies an Okta-style PATCH (no path, attribute object) and answers a no-op without a new version', async () => {
    const { users, ctx } = setup();
    const id = (await users.create(user('sanne@demo.nl'), ctx())).resource['id'] as string;
    const body = { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] };
    const first = await users.patch(id, body, ctx());
    expect(first.resource['active']).toBe(false);
    expect((await users.patch(id, body, ctx())).version).toBe(first.version);
  });

  it('honours If-Match: a stale version is refused with 412', async () => {
    const { users, ctx } = setup();
    const id = (await users.create(user('sanne@demo.nl'), ctx())).resource['id'] as string;
    await users.patch(id, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'A' }] }, ctx('W/"1"'));
    expect(await errorOf(users.patch(id, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'B' }] }, ctx('W/"1"')))).toMatchObject({ status: 412 });
  });

  it('renames only to a free userName and frees the old one', async () => {
    const { users, ctx } = setup();
    const a = (await users.create(user('a@demo.nl'), ctx())).resource['id'] as string;
    await users.create(user('b@demo.nl'), ctx());
    expect(await errorOf(users.patch(a, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'B@demo.nl' }] }, ctx()))).toMatchObject({ status: 409 });
    await users.patch(a, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'c@demo.nl' }] }, ctx());
    await expect(users.create(user('a@demo.nl'), ctx())).resolves.toBeDefined();
  });

  it('keeps a manager not provisioned yet as a pending reference, resolved when that user arrives; refuses a reports-to cycle', async () => {
    const { users, ctx, mem } = setup();
    const early = (await users.create(user('a@demo.nl', { [ENT]: { manager: { value: 'hr-999' } } }), ctx())).resource;
    expect(early[ENT]).toBeUndefined();
    expect(mem.history(early['id'] as string).map((e) => e.type)).toEqual(['identity.user.provisioned', 'identity.user.manager-reference-changed']);
    const late = (await users.create(user('late@demo.nl', { externalId: 'hr-999' }), ctx())).resource['id'] as string;
    expect((await users.get(early['id'] as string, BASE)).resource[ENT]).toMatchObject({ manager: { value: late } });
    const boss = (await users.create(user('boss@demo.nl'), ctx())).resource['id'] as string;
    const report = (await users.create(user('r@demo.nl', { [ENT]: { manager: { value: boss } } }), ctx())).resource['id'] as string;
    const cycle = { schemas: [PATCH], Operations: [{ op: 'add', path: `${ENT}:manager`, value: report }] };
    expect(await errorOf(users.patch(boss, cycle, ctx()))).toMatchObject({ status: 400 });
  });

  it('deletes: later reads are 404, the name is free again and sessions end', async () => {
    const { users, ctx, ended } = setup();
    const id = (await users.create(user('a@demo.nl'), ctx())).resource['id'] as string;
    await users.remove(id, ctx());
    expect(await errorOf(users.get(id, BASE))).toMatchObject({ status: 404 });
    expect(await errorOf(users.remove(id, ctx()))).toMatchObject({ status: 404 });
    expect(ended).toEqual([id]);
    await expect(users.create(user('a@demo.nl'), ctx())).resolves.toBeDefined();
  });

  it('filters, pages and selects attributes', async () => {
    const { users, ctx } = setup();
    for (const name of ['a@demo.nl', 'b@demo.nl', 'c@other.nl']) await users.create(user(name), ctx());
    const list = await users.list({ filter: 'userName ew "@demo.nl"', count: '1', startIndex: '2', attributes: 'userName' }, BASE);
    expect(list).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
    const [only] = list['Resources'] as Record<string, unknown>[];
    expect(Object.keys(only!).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    expect(await errorOf(users.list({ filter: 'userName eq' }, BASE))).toMatchObject({ status: 400, body: { scimType: 'invalidFilter' } });
  });

  it('grants admin to bootstrap admins when they are provisioned', async () => {
    const { users, ctx, mem } = setup(['Boss@Demo.nl']);
    const id = (await users.create(user('boss@demo.nl'), ctx())).resource['id'] as string;
    expect((await mem.userDirectory.get(id))!.roles).toEqual(['employee', 'admin']);
  });
});

describe('ScimGroupsService', () => {
  it('creates, patches members (Okta and Entra shapes), renames and deletes a group', async () => {
    const { users, groups, ctx } = setup();
    const a = (await users.create(user('a@demo.nl'), ctx())).resource['id'] as string;
    const b = (await users.create(user('b@demo.nl'), ctx())).resource['id'] as string;
    const id = (await groups.create({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Finance', members: [{ value: a }] }, ctx())).resource['id'] as string;
    await groups.patch(id, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: b }] }] }, ctx());
    await groups.patch(id, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: a }] }, { op: 'Replace', path: 'displayName', value: 'Financiën' }] }, ctx());
    const group = (await groups.get(id, BASE)).resource;
    expect(group).toMatchObject({ displayName: 'Financiën', members: [{ value: b }] });
    expect((await users.get(b, BASE)).resource['groups']).toEqual([expect.objectContaining({ value: id, display: 'Financiën' })]);
    await groups.remove(id, ctx());
    expect(await errorOf(groups.get(id, BASE))).toMatchObject({ status: 404 });
  });

  it('keeps members not provisioned yet as pending references and adds them when they arrive', async () => {
    const { users, groups, ctx } = setup();
    const pendingId = '01964b1e-0000-7000-8000-000000000999';
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'X', members: [{ value: pendingId }, { value: 'hr-7' }] };
    const group = (await groups.create(body, ctx())).resource;
    expect(group['members']).toBeUndefined();
    const arrived = (await users.create(user('seven@demo.nl', { externalId: 'hr-7' }), ctx())).resource['id'] as string;
    expect((await groups.get(group['id'] as string, BASE)).resource['members']).toEqual([expect.objectContaining({ value: arrived })]);
  });
});
