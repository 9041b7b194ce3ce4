import { ScimError } from '../scim.errors';
import { GROUP_RESOURCE, SCIM_SCHEMAS, USER_RESOURCE } from '../scim.schema';
import { matchesScimFilter } from './filter.evaluator';
import { compileScimFilter } from './filter.resolve';

const ENT = SCIM_SCHEMAS.enterpriseUser;

const sanne = {
  schemas: [SCIM_SCHEMAS.user, ENT],
  id: '0190f0c4-0000-7000-8000-000000000001',
  externalId: 'SanneDV',
  userName: 'sanne.devries@demo.plein.dev',
  name: { givenName: 'Sanne', familyName: 'de Vries' },
  displayName: 'Sanne de Vries',
  title: 'Teamleider Klantenservice',
  active: true,
  emails: [
    { value: 'Sanne.deVries@demo.plein.dev', type: 'work', primary: true },
    { value: 'sanne@example.org', type: 'home' },
  ],
  meta: { created: '2026-01-05T09:00:00Z', lastModified: '2026-02-01T12:30:00.000Z' },
  [ENT]: { employeeNumber: '1004', department: 'Klantenservice', manager: { value: '0190f0c4-0000-7000-8000-000000000002' } },
};
const ruben = {
  schemas: [SCIM_SCHEMAS.user],
  id: '0190f0c4-0000-7000-8000-000000000003',
  userName: 'ruben.bakker@demo.plein.dev',
  active: false,
  emails: [{ value: 'ruben.bakker@demo.plein.dev', type: 'work' }],
};

const matches = (filter: string, resource: Record<string, unknown>) => matchesScimFilter(compileScimFilter(filter, USER_RESOURCE), resource);
const select = (filter: string) => [sanne, ruben].filter((r) => matches(filter, r)).map((r) => r.userName.split('.')[0]);

describe('SCIM filter evaluation', () => {
  it('compares caseExact=false strings case-insensitively, attribute names too', () => {
    expect(select('USERNAME eq "SANNE.DEVRIES@DEMO.PLEIN.DEV"')).toEqual(['sanne']);
    expect(select('name.FAMILYNAME eq "DE VRIES"')).toEqual(['sanne']);
  });

  it('compares caseExact=true attributes (id, externalId) exactly', () => {
    expect(select('externalId eq "SanneDV"')).toEqual(['sanne']);
    expect(select('externalId eq "sannedv"')).toEqual([]);
    expect(select(`id eq "${sanne.id.toUpperCase()}"`)).toEqual([]);
  });

  it('supports co, sw, ew and ordering on strings', () => {
    expect(select('userName sw "RUBEN"')).toEqual(['ruben']);
    expect(select('userName ew "@demo.plein.dev"')).toEqual(['sanne', 'ruben']);
    expect(select('title co "klantenservice"')).toEqual(['sanne']);
    expect(select('userName gt "ruben.c"')).toEqual(['sanne']);
    expect(select('userName le "ruben.bakker@demo.plein.dev"')).toEqual(['ruben']);
  });

  it('matches a multi-valued attribute when any value matches; complex without sub-attribute means .value', () => {
    expect(select('emails.value eq "sanne@example.org"')).toEqual(['sanne']);
    expect(select('emails co "example.org"')).toEqual(['sanne']);
    expect(select('emails.type eq "home"')).toEqual(['sanne']);
  });

  it('requires both conditions of a value filter to hold for the same value', () => {
    expect(select('emails[type eq "work" and value co "example.org"]')).toEqual([]);
    expect(select('emails[type eq "home" and value co "example.org"]')).toEqual(['sanne']);
    expect(select('emails[type eq "work"].value eq "ruben.bakker@demo.plein.dev"')).toEqual(['ruben']);
  });

  it('resolves the enterprise extension with and without its URN', () => {
    expect(select(`${ENT}:employeeNumber eq "1004"`)).toEqual(['sanne']);
    expect(select(`${ENT.toUpperCase()}:DEPARTMENT eq "klantenservice"`)).toEqual(['sanne']);
    expect(select('department eq "Klantenservice"')).toEqual(['sanne']);
    expect(select(`${ENT}:manager eq "0190f0c4-0000-7000-8000-000000000002"`)).toEqual(['sanne']);
    expect(select(`${ENT}:manager.value pr`)).toEqual(['sanne']);
  });

  it('evaluates booleans, presence, null and negation', () => {
    expect(select('active eq false')).toEqual(['ruben']);
    expect(select('title pr')).toEqual(['sanne']);
    expect(select('title eq null')).toEqual(['ruben']);
    expect(select('title ne null')).toEqual(['sanne']);
    expect(select('not (active eq true)')).toEqual(['ruben']);
    // ne is not(eq): it also matches a resource without the attribute.
    expect(select('title ne "Teamleider Klantenservice"')).toEqual(['ruben']);
  });

  it('compares dateTimes as instants, whatever their notation', () => {
    expect(select('meta.lastModified gt "2026-02-01T12:00:00Z"')).toEqual(['sanne']);
    expect(select('meta.lastModified eq "2026-02-01T13:30:00+01:00"')).toEqual(['sanne']);
    expect(select('meta.created lt "2026-01-05T09:00:00Z"')).toEqual([]);
  });

  it('combines with and/or/not and parentheses', () => {
    expect(select('(active eq true or userName sw "ruben") and not (emails[type eq "home"])')).toEqual(['ruben']);
  });

  it('works for groups (members)', () => {
    const group = { schemas: [SCIM_SCHEMAS.group], id: 'g1', displayName: 'IT', members: [{ value: 'u1' }, { value: 'u2' }] };
    expect(matchesScimFilter(compileScimFilter('members[value eq "u2"]', GROUP_RESOURCE), group)).toBe(true);
    expect(matchesScimFilter(compileScimFilter('members eq "u3"', GROUP_RESOURCE), group)).toBe(false);
    expect(matchesScimFilter(compileScimFilter('displayName eq "it"', GROUP_RESOURCE), group)).toBe(true);
  });

  it.each([
    ['nickname2 eq "x"', 'unknown attribute'],
    ['name.nope eq "x"', 'unknown sub-attribute'],
    ['urn:example:unknown:User:foo eq "x"', 'unknown schema'],
    ['name eq "x"', 'complex attribute without a value sub-attribute'],
    ['active gt true', 'ordering on a boolean'],
    ['active eq "true"', 'string against a boolean'],
    ['userName eq 5', 'number against a string'],
    ['userName gt null', 'null with an ordering operator'],
    ['meta.created gt "yesterday"', 'malformed dateTime'],
    ['password eq "secret"', 'write-only attribute'],
    ['userName[value eq "x"]', 'value filter on a single-valued attribute'],
    ['emails[nope eq "x"]', 'unknown sub-attribute inside a value filter'],
  ])('rejects %j (%s) with invalidFilter', (filter) => {
    expect(() => compileScimFilter(filter, USER_RESOURCE)).toThrow(expect.objectContaining({ scimType: 'invalidFilter', code: 'SCIM.INVALID_FILTER' }));
    expect(() => compileScimFilter(filter, USER_RESOURCE)).toThrow(ScimError);
  });
});
