import { harnessPerSuite, SCIM_URNS } from './testing/identity-harness';

/**
 * RFC 7643/7644 conformance, driven like an outside SCIM client (plain HTTP), for what an external
 * conformance run found and the parts of the RFCs it did not reach.
 */
const { USER, GROUP, ENTERPRISE_USER: ENT, PATCH_OP, ERROR } = SCIM_URNS;

describe('SCIM 2.0 conformance (RFC 7643/7644, real servers)', () => {
  const suite = harnessPerSuite();
  const unique = suite.unique;

  describe('RFC 7643 §4.1: only userName is required', () => {
    it('creates a user with nothing but userName (not an address), renders no emails, and PUT keeps it e-mail-less', async () => {
      const userName = unique('bjensen');
      const created = await suite.h.scim('POST', '/Users', { schemas: [USER], userName });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userName, active: true });
      expect(created.body).not.toHaveProperty('emails');
      const id = created.body['id'] as string;
      const put = await suite.h.scim('PUT', `/Users/${id}`, { schemas: [USER], userName, displayName: 'Barbara Jensen' });
      expect(put).toMatchObject({ status: 200, body: { displayName: 'Barbara Jensen' } });
      expect(put.body).not.toHaveProperty('emails');
    });

    it('removes the e-mail address when a PATCH removes emails', async () => {
      const userName = unique('with.mail');
      const id = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName, emails: [{ value: `${userName}@scim.test`, type: 'work' }] })).body['id'] as string;
      const res = await suite.h.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'emails' }] });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('emails');
    });

    it('still refuses an e-mail value that is not an address, naming the attribute', async () => {
      const res = await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('bad.mail'), emails: [{ value: 'not an address' }] });
      expect(res).toMatchObject({ status: 400, body: { schemas: [ERROR], scimType: 'invalidValue', detail: expect.stringContaining('email') } });
    });
  });

  describe('references to users not provisioned yet (directories provision in any order)', () => {
    it('keeps a manager reference by externalId and shows the manager once that user is provisioned', async () => {
      const bossExternal = unique('hr-boss');
      const report = await suite.h.scim('POST', '/Users', { schemas: [USER, ENT], userName: unique('report'), [ENT]: { manager: { value: bossExternal } } });
      expect(report.status).toBe(201);
      expect(report.body).not.toHaveProperty([ENT, 'manager']);
      const reportId = report.body['id'] as string;
      const boss = await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('boss'), externalId: bossExternal, displayName: 'The Boss' });
      expect(boss.status).toBe(201);
      const bossId = boss.body['id'] as string;
      expect((await suite.h.scim('GET', `/Users/${reportId}`)).body[ENT]).toMatchObject({ manager: { value: bossId, displayName: 'The Boss' } });
      const byManager = await suite.h.scim('GET', `/Users?filter=${encodeURIComponent(`${ENT}:manager.value eq "${bossId}"`)}`);
      expect(byManager.body).toMatchObject({ totalResults: 1, Resources: [{ id: reportId }] });
    });

    it('a PATCH that does not touch the pending manager keeps it; a PUT without a manager drops it', async () => {
      const kept = unique('hr-kept');
      const dropped = unique('hr-dropped');
      const a = (await suite.h.scim('POST', '/Users', { schemas: [USER, ENT], userName: unique('a'), [ENT]: { manager: { value: kept } } })).body;
      const b = (await suite.h.scim('POST', '/Users', { schemas: [USER, ENT], userName: unique('b'), [ENT]: { manager: { value: dropped } } })).body;
      expect((await suite.h.scim('PATCH', `/Users/${a['id'] as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Chef' }] })).status).toBe(200);
      expect((await suite.h.scim('PUT', `/Users/${b['id'] as string}`, { schemas: [USER], userName: b['userName'] })).status).toBe(200);
      const keptId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('kept'), externalId: kept })).body['id'];
      await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('dropped'), externalId: dropped });
      expect((await suite.h.scim('GET', `/Users/${a['id'] as string}`)).body).toMatchObject({ title: 'Chef', [ENT]: { manager: { value: keptId } } });
      expect((await suite.h.scim('GET', `/Users/${b['id'] as string}`)).body).not.toHaveProperty([ENT, 'manager']);
    });

    it('keeps group member references (POST and PATCH) and lists the members once they are provisioned; removing a pending one drops it', async () => {
      const early = unique('hr-early');
      const late = unique('hr-late');
      const gone = unique('hr-gone');
      const group = await suite.h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Night Shift'), members: [{ value: early }] });
      expect(group.status).toBe(201);
      expect(group.body).not.toHaveProperty('members');
      const id = group.body['id'] as string;
      const patched = await suite.h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: late }, { value: gone }] }] });
      expect(patched.status).toBe(200);
      const removed = await suite.h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${gone}"]` }] });
      expect(removed.status).toBe(200);
      const earlyId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('early'), externalId: early })).body['id'] as string;
      const lateId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('late'), externalId: late })).body['id'] as string;
      const goneId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('gone'), externalId: gone })).body['id'] as string;
      const members = ((await suite.h.scim('GET', `/Groups/${id}`)).body['members'] as { value: string }[]).map((m) => m.value).sort();
      expect(members).toEqual([earlyId, lateId].sort());
      expect(members).not.toContain(goneId);
      expect((await suite.h.scim('GET', `/Users/${lateId}`)).body['groups']).toEqual([expect.objectContaining({ value: id })]);
    });

    it('accepts a member given by the externalId of a provisioned user as that user', async () => {
      const external = unique('hr-known');
      const userId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('known'), externalId: external })).body['id'] as string;
      const group = await suite.h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Known'), members: [{ value: external }] });
      expect(group.body['members']).toEqual([expect.objectContaining({ value: userId })]);
    });
  });

  describe('Groups: externalId', () => {
    it('PATCH replace of externalId answers and keeps the value that was set; PUT too', async () => {
      const created = await suite.h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Tour Guides') });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('externalId');
      const id = created.body['id'] as string;
      const patched = await suite.h.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: 'ext-guides' }] });
      expect(patched).toMatchObject({ status: 200, body: { id, externalId: 'ext-guides' } });
      expect((await suite.h.scim('GET', `/Groups/${id}`)).body['externalId']).toBe('ext-guides');
      const filtered = await suite.h.scim('GET', `/Groups?filter=${encodeURIComponent('externalId eq "ext-guides"')}`);
      expect(filtered.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
      const put = await suite.h.scim('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Tour Guides', externalId: 'ext-guides-2' });
      expect(put.body['externalId']).toBe('ext-guides-2');
    });
  });

  describe('RFC 7643 attribute characteristics', () => {
    it('ignores readOnly attributes a client sends (id, meta, groups) and never returns password', async () => {
      const res = await suite.h.scim('POST', '/Users', {
        schemas: [USER],
        userName: unique('ro'),
        id: 'client-chosen',
        meta: { resourceType: 'Group', version: 'W/"99"' },
        groups: [{ value: '01964b1e-0000-7000-8000-000000000001' }],
        password: 'Secr3t!-never-stored',
      });
      expect(res.status).toBe(201);
      expect(res.body['id']).not.toBe('client-chosen');
      expect(res.body['meta']).toMatchObject({ resourceType: 'User', version: 'W/"1"' });
      expect(res.body).not.toHaveProperty('groups');
      expect(JSON.stringify(res.body)).not.toContain('Secr3t');
      const read = await suite.h.scim('GET', `/Users/${res.body['id'] as string}?attributes=password,userName`);
      expect(read.body).not.toHaveProperty('password');
    });

    it('reads attribute names and schema URNs case-insensitively', async () => {
      const userName = unique('casey');
      const res = await suite.h.scim('POST', '/Users', { SCHEMAS: [USER, ENT], USERNAME: userName, Name: { GivenName: 'Casey' }, [ENT.toUpperCase()]: { Department: 'Ops' } });
      expect(res).toMatchObject({ status: 201, body: { userName, name: { givenName: 'Casey' }, [ENT]: { department: 'Ops' } } });
    });

    it('refuses two primary values in one multi-valued attribute (RFC 7643 §2.4)', async () => {
      const userName = unique('twoprimary');
      const res = await suite.h.scim('POST', '/Users', { schemas: [USER], userName, emails: [{ value: `a.${userName}@scim.test`, primary: true }, { value: `b.${userName}@scim.test`, primary: true }] });
      expect(res).toMatchObject({ status: 400, body: { schemas: [ERROR], scimType: 'invalidValue', detail: expect.stringContaining('primary') } });
    });

    it('changes a user\'s externalId by PATCH and finds the user by it', async () => {
      const userName = unique('extpatch');
      const id = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName, externalId: 'old-ext' })).body['id'] as string;
      const ext = unique('new-ext');
      expect((await suite.h.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: ext }] })).body['externalId']).toBe(ext);
      expect((await suite.h.scim('GET', `/Users?filter=${encodeURIComponent(`externalId eq "${ext}"`)}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    });
  });

  describe('RFC 7644 §3.9 attributes and excludedAttributes', () => {
    it('apply to the responses of POST, PUT and PATCH too', async () => {
      const userName = unique('sel');
      const created = await suite.h.scim('POST', '/Users?attributes=userName', { schemas: [USER], userName, title: 'Baker' });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
      const id = created.body['id'] as string;
      const put = await suite.h.scim('PUT', `/Users/${id}?excludedAttributes=title`, { schemas: [USER], userName, title: 'Chef' });
      expect(put.body).not.toHaveProperty('title');
      const patched = await suite.h.scim('PATCH', `/Users/${id}?attributes=title`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Cook' }] });
      expect(Object.keys(patched.body).sort()).toEqual(['id', 'meta', 'schemas', 'title']);
    });

    it('select sub-attributes of multi-valued attributes (emails.value)', async () => {
      const userName = unique('mv');
      const id = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName, emails: [{ value: `${userName}@scim.test`, type: 'work' }] })).body['id'] as string;
      const read = await suite.h.scim('GET', `/Users/${id}?attributes=emails.value`);
      expect(read.body['emails']).toEqual([{ value: `${userName}@scim.test` }]);
      const without = await suite.h.scim('GET', `/Users/${id}?excludedAttributes=emails.type`);
      expect(without.body['emails']).toEqual([{ value: `${userName}@scim.test`, primary: true }]);
    });
  });

  describe('RFC 7644 §3.14 versions', () => {
    it('If-Match accepts a list of ETags and refuses a list without the current one', async () => {
      const created = await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('etag') });
      const id = created.body['id'] as string;
      const op = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] };
      expect((await suite.h.scim('PATCH', `/Users/${id}`, op, { 'if-match': 'W/"7", W/"8"' })).status).toBe(412);
      expect((await suite.h.scim('PATCH', `/Users/${id}`, op, { 'if-match': 'W/"7", W/"1"' })).status).toBe(200);
    });
  });

  describe('optional features Plein does not offer answer 501 (RFC 7644 §3.12)', () => {
    it.each([
      ['GET', '/Me'],
      ['POST', '/Me'],
      ['POST', '/Bulk'],
      ['POST', '/.search'],
      ['POST', '/Users/.search'],
      ['POST', '/Groups/.search'],
    ])('%s %s', async (method, path) => {
      const res = await suite.h.scim(method, path, method === 'GET' ? undefined : { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] });
      expect(res).toMatchObject({ status: 501, body: { schemas: [ERROR], status: '501', detail: expect.any(String) } });
    });
  });

  describe('Groups: members', () => {
    it('refuses a group as a member (nested groups are not supported), instead of keeping it as a pending reference', async () => {
      const inner = (await suite.h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Inner') })).body['id'] as string;
      const res = await suite.h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('Outer'), members: [{ value: inner, type: 'Group' }] });
      expect(res).toMatchObject({ status: 400, body: { scimType: 'invalidValue', detail: expect.stringContaining(inner) } });
    });
  });

  describe('ServiceProviderConfig (RFC 7643 §5)', () => {
    it('has every required attribute', async () => {
      const spc = (await suite.h.scim('GET', '/ServiceProviderConfig')).body;
      expect(spc).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: expect.any(Number), maxPayloadSize: expect.any(Number) },
        filter: { supported: true, maxResults: expect.any(Number) },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: true },
        authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', name: expect.any(String), description: expect.any(String) })],
      });
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
      const res = await suite.h.scim(method, path, method === 'DELETE' ? undefined : { schemas: [USER] });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toMatch(/\bGET\b/);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '405', detail: expect.any(String) });
    });
  });
});
