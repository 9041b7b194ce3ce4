import { InvalidUserAttributesError, UserNameTakenError, UserNotFoundError } from '../errors';
import { buildUserAttributes } from '../user/user.attributes';
import { decideUser, foldUser } from '../user/user.decider';
import { applyScimPatch } from './patch/patch.apply';
import { parsePatchRequest } from './patch/patch-request';
import { scimGroupToInput, toScimGroup } from './scim-group.mapper';
import { scimUserToInput, toScimUser } from './scim-user.mapper';
import { ScimError } from './scim.errors';
import { toScimErrorResponse } from './scim-error.mapping';
import { SCIM_SCHEMAS, USER_RESOURCE } from './scim.schema';

const ENT = SCIM_SCHEMAS.enterpriseUser;
const USER_ID = '01964b1e-0000-7000-8000-000000000101';
const MANAGER_ID = '01964b1e-0000-7000-8000-000000000102';

/** Microsoft Entra ID's "Create User" request (provisioning docs), plus enterprise attributes. */
const entraCreateUser = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.com',
  active: true,
  emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
  title: 'Engineer',
  addresses: [{ type: 'work', formatted: 'Utrecht Centraal', locality: 'Utrecht' }],
  [ENT]: { employeeNumber: '701984', department: 'IT', manager: { value: MANAGER_ID } },
};

/** Okta's create request: no externalId, password included, locale and phone numbers Plein does not keep. */
const oktaCreateUser = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
};

describe('scimUserToInput', () => {
  it('maps an Entra create request to the domain input', () => {
    expect(scimUserToInput(entraCreateUser)).toEqual({
      attributes: {
        userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.com',
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        email: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
        displayName: null,
        givenName: 'givenName',
        familyName: 'familyName',
        employeeNumber: '701984',
        department: 'IT',
        title: 'Engineer',
        location: 'Utrecht',
      },
      active: true,
      managerId: MANAGER_ID,
    });
  });

  it('maps an Okta create request and provisions from it', () => {
    const input = scimUserToInput(oktaCreateUser);
    expect(input.attributes).not.toHaveProperty('managementLevel');
    expect(JSON.stringify(input)).not.toContain('1mz050nq');
    const [event] = decideUser({ type: 'ProvisionUser', userId: USER_ID, attributes: input.attributes, managerId: input.managerId, active: input.active }, foldUser([]));
    expect(event).toMatchObject({ type: 'identity.user.provisioned', data: { displayName: 'Test User', externalId: '00ujl29u0le5T6Aj10h7', managementLevel: 'employee' } });
  });

  it('reads the Plein extension and treats an empty manager as none', () => {
    const input = scimUserToInput({ userName: 'a@b.nl', [SCIM_SCHEMAS.pleinUser]: { managementLevel: 'director' }, [ENT]: { manager: { value: '' } } });
    expect(input.attributes.managementLevel).toBe('director');
    expect(input.managerId).toBeNull();
  });

  it('requires a userName', () => {
    expect(() => scimUserToInput({ displayName: 'x' })).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
    expect(() => scimUserToInput('nope')).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
  });

  it('needs nothing but a userName: no e-mail when none is given and the userName is no address', () => {
    expect(scimUserToInput({ userName: 'bjensen' }).attributes).toMatchObject({ userName: 'bjensen', email: null });
  });

  it('refuses two primary values in one multi-valued attribute (RFC 7643 §2.4)', () => {
    const emails = [{ value: 'a@x.nl', primary: true }, { value: 'b@x.nl', primary: 'True' }];
    expect(() => scimUserToInput({ userName: 'x', emails })).toThrow(expect.objectContaining({ scimType: 'invalidValue', detail: expect.stringContaining('primary') }));
  });
});

describe('toScimUser', () => {
  const attributes = buildUserAttributes({ userName: 'sanne@demo.plein.dev', givenName: 'Sanne', familyName: 'de Vries', department: 'HR', location: 'Utrecht', managementLevel: 'manager' });
  const view = { id: USER_ID, attributes, active: true, managerId: MANAGER_ID, managerDisplayName: 'Daan', version: 3, groups: [{ id: 'g1', displayName: 'HR' }] };

  it('renders core, enterprise and Plein attributes with meta', () => {
    const resource = toScimUser(view, 'https://plein.example.org/scim/v2/');
    expect(resource).toMatchObject({
      schemas: [SCIM_SCHEMAS.user, ENT, SCIM_SCHEMAS.pleinUser],
      id: USER_ID,
      userName: 'sanne@demo.plein.dev',
      name: { givenName: 'Sanne', familyName: 'de Vries', formatted: 'Sanne de Vries' },
      emails: [{ value: 'sanne@demo.plein.dev', type: 'work', primary: true }],
      addresses: [{ type: 'work', locality: 'Utrecht', primary: true }],
      groups: [{ value: 'g1', display: 'HR', $ref: 'https://plein.example.org/scim/v2/Groups/g1' }],
      [ENT]: { department: 'HR', manager: { value: MANAGER_ID, displayName: 'Daan', $ref: `https://plein.example.org/scim/v2/Users/${MANAGER_ID}` } },
      [SCIM_SCHEMAS.pleinUser]: { managementLevel: 'manager' },
      meta: { resourceType: 'User', location: `https://plein.example.org/scim/v2/Users/${USER_ID}`, version: 'W/"3"' },
    });
  });

  it('round-trips: render, PATCH (Entra), map back, decide only the real changes', () => {
    const patched = applyScimPatch(
      USER_RESOURCE,
      toScimUser(view, 'https://x/scim/v2'),
      parsePatchRequest({
        schemas: [SCIM_SCHEMAS.patchOp],
        Operations: [
          { op: 'Replace', path: `${ENT}:department`, value: 'Finance' },
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Add', path: `${ENT}:manager`, value: MANAGER_ID },
        ],
      }),
    );
    const input = scimUserToInput(patched.resource);
    expect(input.active).toBe(false);
    expect(input.managerId).toBe(MANAGER_ID);
    const state = foldUser([{ type: 'identity.user.provisioned', version: 1, data: { ...attributes, managerId: MANAGER_ID, roles: ['employee'] } }]);
    expect(decideUser({ type: 'UpdateUserAttributes', userId: USER_ID, changes: input.attributes }, state)).toEqual([
      { type: 'identity.user.attributes-changed', version: 1, data: { changes: { department: 'Finance' } } },
    ]);
  });
});

describe('SCIM groups mapping', () => {
  it('reads a POST body and renders members', () => {
    expect(scimGroupToInput({ schemas: [SCIM_SCHEMAS.group], externalId: '8aa1a0c0', displayName: 'Group1DisplayName', members: [{ value: 'u1' }, { value: 'u1' }] })).toEqual({
      displayName: 'Group1DisplayName',
      externalId: '8aa1a0c0',
      members: ['u1'],
    });
    expect(toScimGroup({ id: 'g1', displayName: 'IT', externalId: null, members: [{ id: 'u1', displayName: 'Sanne' }] }, 'https://x/scim/v2')).toEqual({
      schemas: [SCIM_SCHEMAS.group],
      id: 'g1',
      displayName: 'IT',
      members: [{ value: 'u1', $ref: 'https://x/scim/v2/Users/u1', type: 'User', display: 'Sanne' }],
      meta: { resourceType: 'Group', location: 'https://x/scim/v2/Groups/g1' },
    });
  });

  it('does not render the externalId a group got by default (its own id) as if the client had set it', () => {
    expect(toScimGroup({ id: 'g1', displayName: 'IT', externalId: 'g1', members: [] }, 'https://x/scim/v2')).not.toHaveProperty('externalId');
    expect(toScimGroup({ id: 'g1', displayName: 'IT', externalId: 'ext-1', members: [] }, 'https://x/scim/v2')).toMatchObject({ externalId: 'ext-1' });
  });
});

describe('toScimErrorResponse', () => {
  it('maps SCIM and domain errors to RFC 7644 error responses', () => {
    expect(toScimErrorResponse(new ScimError('invalidFilter', 'bad'))).toEqual({
      status: 400,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'bad' },
    });
    expect(toScimErrorResponse(new UserNameTakenError('a@b.nl'))).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
    expect(toScimErrorResponse(new InvalidUserAttributesError([{ field: 'email', message: 'bad' }]))).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    expect(toScimErrorResponse(new UserNotFoundError('x'))).toMatchObject({ status: 404, body: { status: '404' } });
    expect(toScimErrorResponse(new Error('secret internals'))).toEqual({ status: 500, body: expect.objectContaining({ detail: 'Internal error' }) });
  });
});
