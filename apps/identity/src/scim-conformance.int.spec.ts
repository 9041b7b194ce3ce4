import { startHarness, type Harness } from './testing/identity-harness';

/**
 * RFC 7643/7644 conformance, driven like an outside SCIM client (plain HTTP), for what an external
 * conformance run found and the parts of the RFCs it did not reach.
 */
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('SCIM 2.0 conformance (RFC 7643/7644, real servers)', () => {
  let h: Harness;
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('RFC 7643 §4.1: only userName is required', () => {
    it('creates a user with nothing but userName (not an address), renders no emails, and PUT keeps it e-mail-less', async () => {
      const userName = unique('bjensen');
      const created = await h.scim('POST', '/Users', { schemas: [USER], userName });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userName, active: true });
      expect(created.body).not.toHaveProperty('emails');
      const id = created.body['id'] as string;
      const put = await h.scim('PUT', `/Users/${id}`, { schemas: [USER], userName, displayName: 'Barbara Jensen' });
      expect(put).toMatchObject({ status: 200, body: { displayName: 'Barbara Jensen' } });
      expect(put.body).not.toHaveProperty('emails');
    });

    it('removes the e-mail address when a PATCH removes emails', async () => {
      const userName = unique('with.mail');
      const id = (await h.scim('POST', '/Users', { schemas: [USER], userName, emails: [{ value: `${userName}@scim.test`, type: 'work' }] })).body['id'] as string;
      const res = await h.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'emails' }] });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('emails');
    });

    it('still refuses an e-mail value that is not an address, naming the attribute', async () => {
      const res = await h.scim('POST', '/Users', { schemas: [USER], userName: unique('bad.mail'), emails: [{ value: 'not an address' }] });
      expect(res).toMatchObject({ status: 400, body: { schemas: [ERROR], scimType: 'invalidValue', detail: expect.stringContaining('email') } });
    });
  });

  describe('references to users not provisioned yet (directories provision in any order)', () => {
    it('keeps a manager reference by externalId and shows the manager once that user is provisioned', async () => {
      const bossExternal = unique('hr-boss');
      const report = await h.scim('POST', '/Users', { schemas: [USER, ENT], userName: unique('report'), [ENT]: { manager: { value: bossExternal } } });
      expect(report.status).toBe(201);
      expect(report.body).not.toHaveProperty([ENT, 'manager']);
      const reportId = report.body['id'] as string;
      const boss = await h.scim('POST', '/Users', { schemas: [USER], userName: unique('boss'), externalId: bossExternal, displayName: 'The Boss' });
      expect(boss.status).toBe(201);
      const bossId = boss.body['id'] as string;
      expect((await h.scim('GET', `/Users/${reportId}`)).body[ENT]).toMatchObject({ manager: { value: bossId, displayName: 'The Boss' } });
      const byManager = await h.scim('GET', `/Users?filter=${encodeURIComponent(`${ENT}:manager.value eq "${bossId}"`)}`);
      expect(byManager.body).toMatchObject({ totalResults: 1, Resources: [{ id: reportId }] });
    });

    it('a PATCH that does not touch the pending manager keeps it; a PUT without a manager drops it', async () => {
      const kept = unique('hr-kept');
      const dropped = unique('hr-dropped');
      const a = (await h.scim('POST', '/Users', { schemas: [USER, ENT], userName: unique('a'), [ENT]: { manager: { value: kept } } })).body;
      const b = (await h.scim('POST', '/Users', { schemas: [USER, ENT], userName: unique('b'), [ENT]: { manager: { value: dropped } } })).body;
      expect((await h.scim('PATCH', `/Users/${a['id'] as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Chef' }] })).status).toBe(200);
      expect((await h.scim('PUT', `/Users/${b['id'] as string}`, { schemas: [USER], userName: b['userName'] })).status).toBe(200);
      const keptId = (await h.scim('POST', '/Users', { schemas: [USER], userName: unique('kept'), externalId: kept })).body['id'];
      await h.scim('POST', '/Users', { schemas: [USER], userName: unique('dropped'), externalId: dropped });
      expect((await h.scim('GET', `/Users/${a['id'] as string}`)).body).toMatchObject({ title: 'Chef', [ENT]: { manager: { value: keptId } } });
      expect((await h.scim('GET', `/Users/${b['id'] as string}`)).body).not.toHaveProperty([ENT, 'manager']);
    });

    it('keeps group member references (POST and PATCH) and lists the members once they are provisioned; removing a pending one drops it', async () => {
      const early = unique('hr-early');
      const late = unique('hr-late');
      const gone = unique('hr-gone');
      const group = await h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Night Shift'), members: [{ value: early }] });
      expect(group.status).toBe(201);
      expect(group.body).not.toHaveProperty('members');
      const id = group.body['id'] as string;
      const patched = await h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: late }, { value: gone }] }] });
      expect(patched.status).toBe(200);
      const removed = await h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${gone}"]` }] });
      expect(removed.status).toBe(200);
      const earlyId = (await h.scim('POST', '/Users', { schemas: [USER], userName: unique('early'), externalId: early })).body['id'] as string;
      const lateId = (await h.scim('POST', '/Users', { schemas: [USER], userName: unique('late'), externalId: late })).body['id'] as string;
      const goneId = (await h.scim('POST', '/Users', { schemas: [USER], userName: unique('gone'), externalId: gone })).body['id'] as string;
      const members = ((await h.scim('GET', `/Groups/${id}`)).body['members'] as { value: string }[]).map((m) => m.value).sort();
      expect(members).toEqual([earlyId, lateId].sort());
      expect(members).not.toContain(goneId);
      expect((await h.scim('GET', `/Users/${lateId}`)).body['groups']).toEqual([expect.objectContaining({ value: id })]);
    });

    it('accepts a member given by the externalId of a provisioned user as that user', async () => {
      const external = unique('hr-known');
      const userId = (await h.scim('POST', '/Users', { schemas: [USER], userName: unique('known'), externalId: external })).body['id'] as string;
      const group = await h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Known'), members: [{ value: external }] });
      expect(group.body['members']).toEqual([expect.objectContaining({ value: userId })]);
    });
  });

  describe('Groups: externalId', () => {
    it('PATCH replace of externalId answers and keeps the value that was set; PUT too', async () => {
      const created = await h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Tour Guides') });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('externalId');
      const id = created.body['id'] as string;
      const patched = await h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: 'ext-guides' }] });
      expect(patched).toMatchObject({ status: 200, body: { id, externalId: 'ext-guides' } });
      expect((await h.scim('GET', `/Groups/${id}`)).body['externalId']).toBe('ext-guides');
      const filtered = await h.scim('GET', `/Groups?filter=${encodeURIComponent('externalId eq "ext-guides"')}`);
      expect(filtered.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
      const put = await h.scim('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Tour Guides', externalId: 'ext-guides-2' });
      expect(put.body['externalId']).toBe('ext-guides-2');
    });
  });

  describe('discovery endpoints are read-only (RFC 7644 §4)', () => {
    it.each([
      ['POST', '/ServiceProviderConfig'],
      ['PUT', '/ServiceProviderConfig'],
      ['PATCH', '/ServiceProviderConfig'],
      ['DELETE', '/ServiceProviderConfig'],
      ['POST', '/ResourceTypes'],
      ['DELETE', '/ResourceTypes/User'],
      ['POST', '/Schemas'],
      ['PUT', `/Schemas/${USER}`],
    ])('%s %s answers 405 with Allow: GET and a SCIM error body', async (method, path) => {
      const res = await h.scim(method, path, method === 'DELETE' ? undefined : { schemas: [USER] });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toMatch(/\bGET\b/);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '405', detail: expect.any(String) });
    });
  });
});
