import { decideUser, foldUser } from '../user/user.decider';
import { claimMapping, mapClaimsToUser } from './claim-mapping';

/** An Entra ID v2.0 ID token's claims with optional claims configured (values from Microsoft's docs). */
const entraIdToken = {
  aud: '6cb04018-a3f5-46a7-b995-940c78f5aef3',
  iss: 'https://login.microsoftonline.com/9122040d-6c67-4c5b-b112-36a304b66dad/v2.0',
  iat: 1536361411,
  nbf: 1536361411,
  exp: 1536365311,
  name: 'Abe Lincoln',
  given_name: 'Abe',
  family_name: 'Lincoln',
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
  preferred_username: 'AbeLi@microsoft.com',
  sub: 'I6uUHyBHU8zRXk3Fu38lB0DU8QWh9ArJu8u4g3M6Bn0',
  tid: '9122040d-6c67-4c5b-b112-36a304b66dad',
  nonce: '123523',
  employeeid: 701984,
  department: 'Finance',
  jobtitle: 'Controller',
  city: 'Rotterdam',
  ver: '2.0',
};

/** An Okta ID token with custom claims named after Okta profile attributes. */
const oktaIdToken = {
  sub: '00uid4BxXw6I6TV4m0g3',
  name: 'John Doe',
  email: 'john.doe@example.com',
  email_verified: true,
  preferred_username: 'john.doe@example.com',
  given_name: 'John',
  family_name: 'Doe',
  ver: 1,
  iss: 'https://dev-123456.okta.com/oauth2/default',
  aud: '0oa1g2h3i4j5k6l7m8n9',
  employeeNumber: '1234',
  department: 'Marketing',
  title: 'Campaign Lead',
  address: { locality: 'Amsterdam', country: 'NL' },
};

/** Keycloak with user-attribute mappers. */
const keycloakIdToken = {
  sub: 'f1d1a2e0-5b1e-4c1e-9a51-3e6d2f0f2c11',
  preferred_username: 'jdevries',
  email: 'j.devries@demo.plein.dev',
  email_verified: true,
  name: 'Jan de Vries',
  given_name: 'Jan',
  family_name: 'de Vries',
  employee_number: '1001',
  department: ['IT', 'Security'],
  location: 'Eindhoven',
};

describe('mapClaimsToUser', () => {
  it('maps Entra ID claims: UPN as userName, oid as externalId, organisation claims', () => {
    expect(mapClaimsToUser(entraIdToken, claimMapping('entra-id'))).toEqual({
      subject: 'I6uUHyBHU8zRXk3Fu38lB0DU8QWh9ArJu8u4g3M6Bn0',
      attributes: {
        userName: 'AbeLi@microsoft.com',
        externalId: '00000000-0000-0000-66f3-3332eca7ea81',
        email: 'AbeLi@microsoft.com',
        displayName: 'Abe Lincoln',
        givenName: 'Abe',
        familyName: 'Lincoln',
        employeeNumber: '701984',
        department: 'Finance',
        title: 'Controller',
        location: 'Rotterdam',
      },
      missing: ['managementLevel'],
      sources: {
        userName: 'preferred_username',
        externalId: 'oid',
        email: 'preferred_username',
        displayName: 'name',
        givenName: 'given_name',
        familyName: 'family_name',
        employeeNumber: 'employeeid',
        department: 'department',
        title: 'jobtitle',
        location: 'city',
      },
      emailVerified: false,
    });
  });

  it('says which claim gave the userName and whether the IdP verified the e-mail, so account linking can tell them apart', () => {
    const fromEmail = mapClaimsToUser({ sub: 's', email: 'ada@demo.nl', email_verified: true }, claimMapping('generic'));
    expect(fromEmail).toMatchObject({ attributes: { userName: 'ada@demo.nl' }, sources: { userName: 'email', email: 'email' }, emailVerified: true });
    // Absent is not verified: only an explicit true counts.
    expect(mapClaimsToUser({ sub: 's', email: 'ada@demo.nl' }, claimMapping('generic')).emailVerified).toBe(false);
    expect(mapClaimsToUser({ sub: 's', preferred_username: 'ada', email: 'ada@demo.nl' }, claimMapping('generic')).sources.userName).toBe('preferred_username');
  });

  it('maps Okta claims, reaching into the nested address claim; the Okta user id (sub) is the externalId Okta SCIM sends', () => {
    const { attributes, missing } = mapClaimsToUser(oktaIdToken, claimMapping('okta'));
    expect(attributes).toEqual({
      userName: 'john.doe@example.com',
      externalId: '00uid4BxXw6I6TV4m0g3',
      email: 'john.doe@example.com',
      displayName: 'John Doe',
      givenName: 'John',
      familyName: 'Doe',
      employeeNumber: '1234',
      department: 'Marketing',
      title: 'Campaign Lead',
      location: 'Amsterdam',
    });
    expect(missing).toEqual(['managementLevel']);
  });

  it('maps Keycloak claims, taking the first value of a multi-valued claim', () => {
    expect(mapClaimsToUser(keycloakIdToken, claimMapping('keycloak')).attributes).toMatchObject({ userName: 'jdevries', department: 'IT', employeeNumber: '1001', location: 'Eindhoven' });
  });

  it('applies overrides on top of a preset', () => {
    expect(mapClaimsToUser({ sub: 's', preferred_username: 'u', afdeling: 'HR' }, claimMapping('generic', { department: ['afdeling'] })).attributes.department).toBe('HR');
  });

  it('does not trust an e-mail the IdP marks unverified', () => {
    const mapped = mapClaimsToUser({ sub: 's', email: 'spoofed@demo.plein.dev', email_verified: false, preferred_username: 'mallory' }, claimMapping('generic'));
    expect(mapped.attributes).toEqual({ userName: 'mallory' });
    expect(() => mapClaimsToUser({ sub: 's', email: 'spoofed@demo.plein.dev', email_verified: false }, claimMapping('generic'))).toThrow(expect.objectContaining({ code: 'IDENTITY.INVALID_CLAIMS' }));
  });

  it('requires a subject and a user name', () => {
    expect(() => mapClaimsToUser({ preferred_username: 'x' }, claimMapping('generic'))).toThrow(expect.objectContaining({ code: 'IDENTITY.INVALID_CLAIMS', violations: [{ field: 'claims.sub', message: 'is required' }] }));
    expect(() => mapClaimsToUser({ sub: 's', name: 'Only A Name' }, claimMapping('generic'))).toThrow(expect.objectContaining({ code: 'IDENTITY.INVALID_CLAIMS' }));
  });

  it('feeds just-in-time provisioning', () => {
    const { subject, attributes } = mapClaimsToUser(oktaIdToken, claimMapping('okta'));
    const [event] = decideUser({ type: 'ProvisionUserFromLogin', userId: '01964b1e-0000-7000-8000-000000000109', subject, attributes }, foldUser([]));
    expect(event).toMatchObject({ type: 'identity.user.provisioned', data: { externalId: '00uid4BxXw6I6TV4m0g3', department: 'Marketing', roles: ['employee'] } });
  });
});
