import { SCIM_SCHEMAS, USER_RESOURCE } from '../scim.schema';
import type { ScimResource } from '../scim-values';
import { applyScimPatch } from './patch.apply';
import { parsePatchRequest } from './patch-request';

const ENT = SCIM_SCHEMAS.enterpriseUser;
const PATCH = SCIM_SCHEMAS.patchOp;

const user = (): ScimResource => ({
  schemas: [SCIM_SCHEMAS.user, ENT],
  id: 'u-1',
  externalId: 'sanne',
  userName: 'sanne.devries@demo.plein.dev',
  name: { givenName: 'Sanne', familyName: 'de Vries' },
  displayName: 'Sanne de Vries',
  active: true,
  emails: [{ value: 'sanne.devries@demo.plein.dev', type: 'work', primary: true }],
  [ENT]: { employeeNumber: '1004', department: 'Klantenservice', manager: { value: 'u-2', displayName: 'Daan Jansen' } },
});

/** Runs a PATCH body the way the SCIM endpoint will: validate, then apply. */
const patch = (resource: ScimResource, body: unknown) => applyScimPatch(USER_RESOURCE, resource, parsePatchRequest(body));
const ops = (...operations: unknown[]) => ({ schemas: [PATCH], Operations: operations });
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { scimType?: string };
  }
  throw new Error('expected an error');
};

describe('SCIM PATCH: Microsoft Entra ID requests', () => {
  it('"Update User [Multi-valued properties]": replaces the work email and the family name', () => {
    const { resource, changed } = patch(
      user(),
      ops({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' }, { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' }),
    );
    expect(resource['emails']).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
    expect(resource['name']).toEqual({ givenName: 'Sanne', familyName: 'updatedFamilyName' });
    expect(changed).toEqual(['name.familyName', 'emails']);
  });

  it('creates the work email when the user has none (Entra sets it through the filter path)', () => {
    const start = { ...user(), emails: [{ value: 'private@example.org', type: 'home' }] };
    const { resource } = patch(start, ops({ op: 'Add', path: 'emails[type eq "work"].value', value: 'new@demo.plein.dev' }));
    expect(resource['emails']).toEqual([
      { value: 'private@example.org', type: 'home' },
      { type: 'work', value: 'new@demo.plein.dev' },
    ]);
  });

  it('"Update User [Single-valued properties]": replaces userName', () => {
    const { resource, changed } = patch(user(), ops({ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }));
    expect(resource['userName']).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
    expect(changed).toEqual(['userName']);
  });

  it('"Disable User": active false, also as the legacy strings "False"/"True"', () => {
    expect(patch(user(), { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [PATCH] }).resource['active']).toBe(false);
    const legacy = patch(user(), ops({ op: 'Replace', path: 'active', value: 'False' }));
    expect(legacy.resource['active']).toBe(false);
    expect(legacy.changed).toEqual(['active']);
    expect(patch({ ...user(), active: false }, ops({ op: 'Replace', path: 'active', value: 'True' })).resource['active']).toBe(true);
  });

  it('replaces several attributes in one path-less operation whose keys are paths (aadOptscim062020 shape)', () => {
    const { resource, changed } = patch(
      user(),
      ops({
        op: 'replace',
        value: {
          displayName: 'Pvlo',
          'emails[type eq "work"].value': 'TestBcwqnm@test.microsoft.com',
          'name.givenName': 'Gtfd',
          'name.familyName': 'Pkfb',
          'addresses[type eq "work"].locality': 'Utrecht',
          [`${ENT}:employeeNumber`]: 'Mygd',
        },
      }),
    );
    expect(resource).toMatchObject({
      displayName: 'Pvlo',
      name: { givenName: 'Gtfd', familyName: 'Pkfb' },
      emails: [{ value: 'TestBcwqnm@test.microsoft.com', type: 'work', primary: true }],
      addresses: [{ type: 'work', locality: 'Utrecht' }],
      [ENT]: { employeeNumber: 'Mygd', department: 'Klantenservice' },
    });
    expect(changed).toEqual(['name.familyName', 'name.givenName', 'displayName', 'emails', 'addresses', `${ENT}:employeeNumber`]);
  });

  it('sets the manager from a plain id or from {value}, ignoring the read-only displayName', () => {
    const fromString = patch(user(), ops({ op: 'Add', path: `${ENT}:manager`, value: 'u-9' }));
    expect((fromString.resource[ENT] as ScimResource)['manager']).toEqual({ value: 'u-9', displayName: 'Daan Jansen' });
    expect(fromString.changed).toEqual([`${ENT}:manager.value`]);
    const fromObject = patch(user(), ops({ op: 'replace', path: `${ENT}:manager`, value: { value: 'u-9', displayName: 'Ignored' } }));
    expect((fromObject.resource[ENT] as ScimResource)['manager']).toMatchObject({ value: 'u-9' });
    expect(failure(() => patch(user(), ops({ op: 'replace', path: `${ENT}:manager.displayName`, value: 'x' }))).scimType).toBe('mutability');
  });

  it('removes the manager', () => {
    const { resource, changed } = patch(user(), ops({ op: 'Remove', path: `${ENT}:manager` }));
    expect(resource[ENT]).toEqual({ employeeNumber: '1004', department: 'Klantenservice' });
    expect(changed).toEqual([`${ENT}:manager.value`, `${ENT}:manager.displayName`]);
  });

  it('adds a single attribute ("nickName")', () => {
    expect(patch(user(), ops({ op: 'Add', path: 'nickName', value: 'Babs' })).resource['nickName']).toBe('Babs');
  });
});

describe('SCIM PATCH: Okta requests', () => {
  it('deactivates with a path-less replace', () => {
    const { resource, changed } = patch(user(), ops({ op: 'replace', value: { active: false } }));
    expect(resource['active']).toBe(false);
    expect(changed).toEqual(['active']);
  });

  it('accepts a password push (write-only; Plein never stores it, see the mapper)', () => {
    expect(patch(user(), ops({ op: 'replace', value: { password: 't1meMa$heen' } })).changed).toEqual(['password']);
  });

  it('replaces a multi-valued attribute with a value array', () => {
    const { resource } = patch(user(), ops({ op: 'replace', value: { emails: [{ value: 'a@x.nl', type: 'work', primary: true }, { value: 'b@x.nl', type: 'home' }] } }));
    expect(resource['emails']).toHaveLength(2);
  });
});

describe('SCIM PATCH semantics (RFC 7644 §3.5.2)', () => {
  it('adds values to a multi-valued attribute, keeps one primary and skips duplicates', () => {
    const { resource } = patch(user(), ops({ op: 'add', path: 'emails', value: [{ value: 'S@example.org', type: 'other', primary: true }] }));
    expect(resource['emails']).toEqual([
      { value: 'sanne.devries@demo.plein.dev', type: 'work', primary: false },
      { value: 'S@example.org', type: 'other', primary: true },
    ]);
    const again = patch(user(), ops({ op: 'add', path: 'emails', value: { value: 'SANNE.DEVRIES@demo.plein.dev', type: 'work' } }));
    expect(again.resource['emails']).toEqual([{ value: 'SANNE.DEVRIES@demo.plein.dev', type: 'work', primary: true }]);
  });

  it('reports no change for a PATCH that sets what is already there', () => {
    expect(patch(user(), ops({ op: 'replace', path: 'displayName', value: 'Sanne de Vries' }, { op: 'replace', value: { active: true } })).changed).toEqual([]);
  });

  it('merges a complex value into the existing one', () => {
    expect(patch(user(), ops({ op: 'replace', path: 'name', value: { middleName: 'M' } })).resource['name']).toEqual({ givenName: 'Sanne', familyName: 'de Vries', middleName: 'M' });
  });

  it('targets an extension by its URN, as a path or as a key of a path-less value', () => {
    expect(patch(user(), ops({ op: 'replace', path: ENT, value: { department: 'IT' } })).resource[ENT]).toMatchObject({ department: 'IT', employeeNumber: '1004' });
    expect(patch(user(), ops({ op: 'add', value: { [ENT]: { costCenter: 'CC-7' } } })).resource[ENT]).toMatchObject({ costCenter: 'CC-7' });
    const removed = patch(user(), ops({ op: 'remove', path: ENT }));
    expect(removed.resource).not.toHaveProperty(ENT);
    expect(removed.resource['schemas']).toEqual([SCIM_SCHEMAS.user]);
  });

  it('creates the extension object and lists its schema when setting its first attribute', () => {
    const bare = { schemas: [SCIM_SCHEMAS.user], id: 'u-3', userName: 'x@y.nl' };
    const { resource } = patch(bare, ops({ op: 'add', path: `${SCIM_SCHEMAS.pleinUser}:managementLevel`, value: 'manager' }));
    expect(resource).toEqual({ schemas: [SCIM_SCHEMAS.user, SCIM_SCHEMAS.pleinUser], id: 'u-3', userName: 'x@y.nl', [SCIM_SCHEMAS.pleinUser]: { managementLevel: 'manager' } });
  });

  it('removes values matched by a filter, or one sub-attribute of them; an unmatched remove is a no-op', () => {
    const start = { ...user(), emails: [{ value: 'a@x.nl', type: 'work', display: 'A' }, { value: 'b@x.nl', type: 'home' }] };
    expect(patch(start, ops({ op: 'remove', path: 'emails[type eq "home"]' })).resource['emails']).toEqual([{ value: 'a@x.nl', type: 'work', display: 'A' }]);
    expect(patch(start, ops({ op: 'remove', path: 'emails[type eq "work"].display' })).resource['emails']).toEqual([{ value: 'a@x.nl', type: 'work' }, { value: 'b@x.nl', type: 'home' }]);
    expect(patch(start, ops({ op: 'remove', path: 'emails[type eq "other"]' })).changed).toEqual([]);
    expect(patch(start, ops({ op: 'remove', path: 'emails' })).resource).not.toHaveProperty('emails');
  });

  it('replaces a whole matched value when no sub-attribute is given', () => {
    const { resource } = patch(user(), ops({ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'n@x.nl', type: 'work' } }));
    expect(resource['emails']).toEqual([{ value: 'n@x.nl', type: 'work' }]);
  });

  it('treats a null value as removal (RFC 7643 §2.5)', () => {
    expect(patch(user(), ops({ op: 'replace', path: 'displayName', value: null })).resource).not.toHaveProperty('displayName');
  });

  it('never mutates its input', () => {
    const input = user();
    const snapshot = structuredClone(input);
    patch(input, ops({ op: 'replace', path: 'name.givenName', value: 'X' }, { op: 'remove', path: 'emails' }));
    expect(() => patch(input, ops({ op: 'replace', path: 'title', value: 'ok' }, { op: 'replace', path: 'nope', value: 1 }))).toThrow();
    expect(input).toEqual(snapshot);
  });

  it('ignores read-only attributes echoed with their current value (Okta sends id)', () => {
    expect(patch(user(), ops({ op: 'replace', value: { id: 'u-1', displayName: 'S' } })).changed).toEqual(['displayName']);
  });

  it.each([
    ['invalidPath', { op: 'replace', path: 'nickname2', value: 'x' }],
    ['invalidPath', { op: 'replace', path: 'urn:example:custom:2.0:User:foo', value: 'x' }],
    ['invalidPath', { op: 'replace', path: 'name.nope', value: 'x' }],
    ['invalidPath', { op: 'replace', path: 'emails[type eq "work"', value: 'x' }],
    ['invalidPath', { op: 'replace', path: 'userName[value eq "x"]', value: 'x' }],
    ['invalidPath', { op: 'add', path: 'emails.value', value: 'x@y.nl' }],
    ['invalidFilter', { op: 'replace', path: 'emails[nope eq "x"].value', value: 'x' }],
    ['noTarget', { op: 'replace', path: 'emails[value co "nowhere"].display', value: 'x' }],
    ['mutability', { op: 'replace', path: 'id', value: 'other' }],
    ['mutability', { op: 'add', path: 'groups', value: [{ value: 'g1' }] }],
    ['mutability', { op: 'replace', path: 'meta.lastModified', value: '2026-01-01T00:00:00Z' }],
    ['invalidValue', { op: 'remove', path: 'userName' }],
    ['invalidValue', { op: 'replace', path: 'userName', value: null }],
    ['invalidValue', { op: 'replace', path: 'active', value: 'maybe' }],
    ['invalidValue', { op: 'replace', path: 'displayName', value: 42 }],
    ['invalidValue', { op: 'replace', path: 'name', value: { nickname: 'x' } }],
    ['invalidValue', { op: 'replace', value: 'not an object' }],
    ['invalidValue', { op: 'add', path: 'title' }],
    ['noTarget', { op: 'remove' }],
    ['invalidSyntax', { op: 'move', path: 'title', value: 'x' }],
  ])('fails with %s for %j', (scimType, operation) => {
    expect(failure(() => patch(user(), ops(operation))).scimType).toBe(scimType);
  });
});

describe('parsePatchRequest', () => {
  it('requires the PatchOp schema and a non-empty Operations array', () => {
    expect(failure(() => parsePatchRequest({ Operations: [{ op: 'add', path: 'title', value: 'x' }] })).scimType).toBe('invalidSyntax');
    expect(failure(() => parsePatchRequest({ schemas: [PATCH], Operations: [] })).scimType).toBe('invalidSyntax');
    expect(failure(() => parsePatchRequest([])).scimType).toBe('invalidSyntax');
    expect(failure(() => parsePatchRequest({ schemas: [PATCH], Operations: Array.from({ length: 1001 }, () => ({ op: 'add', path: 'title', value: 'x' })) })).scimType).toBe('tooMany');
  });

  it('normalises op names and drops empty paths', () => {
    expect(parsePatchRequest({ schemas: [PATCH], operations: [{ OP: 'Replace', path: '', value: { title: 'x' } }] })).toEqual([{ op: 'replace', value: { title: 'x' } }]);
  });
});
