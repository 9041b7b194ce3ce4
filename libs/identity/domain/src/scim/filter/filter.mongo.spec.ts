import { GROUP_RESOURCE, SCIM_SCHEMAS, USER_RESOURCE } from '../scim.schema';
import { GROUP_READ_MODEL_FIELDS, scimFilterToMongo, USER_READ_MODEL_FIELDS } from './filter.mongo';
import { compileScimFilter } from './filter.resolve';

const toMongo = (filter: string) => scimFilterToMongo(compileScimFilter(filter, USER_RESOURCE), USER_READ_MODEL_FIELDS);

describe('scimFilterToMongo', () => {
  it('lower-cases operands for fields the read model stores lower-cased', () => {
    expect(toMongo('userName eq "Sanne.deVries@Demo.Plein.dev"')).toEqual({ userNameLower: 'sanne.devries@demo.plein.dev' });
    expect(toMongo('emails.value eq "A@B.NL"')).toEqual({ emailLower: 'a@b.nl' });
    expect(toMongo('emails eq "A@B.NL"')).toEqual({ emailLower: 'a@b.nl' });
  });

  it('uses an anchored, escaped, case-insensitive regex for other caseExact=false strings', () => {
    expect(toMongo('displayName eq "Jan (IT)"')).toEqual({ displayName: { $regex: '^Jan \\(IT\\)$', $options: 'i' } });
    expect(toMongo('title sw "Team.lead"')).toEqual({ title: { $regex: '^Team\\.lead', $options: 'i' } });
    expect(toMongo('title ew "*"')).toEqual({ title: { $regex: '\\*$', $options: 'i' } });
    expect(toMongo('userName co "DEMO"')).toEqual({ userNameLower: { $regex: 'demo' } });
  });

  it('matches caseExact attributes exactly', () => {
    expect(toMongo('externalId eq "SanneDV"')).toEqual({ externalId: 'SanneDV' });
    expect(toMongo('id eq "abc"')).toEqual({ _id: 'abc' });
  });

  it('maps extension attributes, with or without the URN', () => {
    expect(toMongo(`${SCIM_SCHEMAS.enterpriseUser}:employeeNumber eq "1004"`)).toEqual({ employeeNumber: { $regex: '^1004$', $options: 'i' } });
    expect(toMongo(`${SCIM_SCHEMAS.enterpriseUser}:manager eq "m1"`)).toEqual({ managerId: { $regex: '^m1$', $options: 'i' } });
    expect(toMongo('managementLevel eq "board"')).toEqual({ managementLevel: { $regex: '^board$', $options: 'i' } });
  });

  it('translates booleans, dates, presence, null, ne and ordering', () => {
    expect(toMongo('active eq false')).toEqual({ active: false });
    expect(toMongo('meta.lastModified gt "2026-02-01T12:00:00Z"')).toEqual({ updatedAt: { $gt: new Date('2026-02-01T12:00:00Z') } });
    expect(toMongo('title pr')).toEqual({ title: { $exists: true, $nin: [null, ''] } });
    expect(toMongo('title eq null')).toEqual({ title: null });
    expect(toMongo('title ne null')).toEqual({ title: { $ne: null } });
    expect(toMongo('userName ne "X"')).toEqual({ $nor: [{ userNameLower: 'x' }] });
    expect(toMongo('userName ge "M"')).toEqual({ userNameLower: { $gte: 'm' } });
  });

  it('flattens and/or chains and turns not into $nor', () => {
    expect(toMongo('active eq true and title pr and userName sw "a"')).toEqual({
      $and: [{ active: true }, { title: { $exists: true, $nin: [null, ''] } }, { userNameLower: { $regex: '^a' } }],
    });
    expect(toMongo('active eq true or (title eq null or userName eq "a")')).toEqual({ $or: [{ active: true }, { title: null }, { userNameLower: 'a' }] });
    expect(toMongo('not (active eq true and title pr)')).toEqual({ $nor: [{ $and: [{ active: true }, { title: { $exists: true, $nin: [null, ''] } }] }] });
  });

  it('refuses attributes the read model does not store', () => {
    expect(() => toMongo('nickName eq "x"')).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }));
    expect(() => toMongo('phoneNumbers[type eq "work"]')).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }));
  });

  it('decides comparisons on constant attributes at translation time (the kept email is always the work one)', () => {
    expect(toMongo('emails[type eq "Work"].value eq "A@B.NL"')).toEqual({ $and: [{}, { emailLower: 'a@b.nl' }] });
    expect(toMongo('emails[type eq "home"]')).toEqual({ _id: { $exists: false } });
    expect(toMongo('emails[type ne "home"]')).toEqual({});
    expect(toMongo('emails.primary eq true and emails.type pr')).toEqual({ $and: [{}, {}] });
    expect(toMongo('emails.type eq null')).toEqual({ _id: { $exists: false } });
  });

  it('translates group member filters onto the member id array', () => {
    const q = (filter: string) => scimFilterToMongo(compileScimFilter(filter, GROUP_RESOURCE), GROUP_READ_MODEL_FIELDS);
    expect(q('members[value eq "u1"]')).toEqual({ memberIds: 'u1' });
    expect(q('displayName eq "IT" and members eq "u1"')).toEqual({ $and: [{ displayNameLower: 'it' }, { memberIds: 'u1' }] });
  });
});
