import { selectAttributes } from './attribute-selection';

const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'u1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'b@example.org', type: 'work', primary: true },
    { value: 'home@example.org', type: 'home' },
  ],
  meta: { resourceType: 'User' },
};

describe('attributes / excludedAttributes (RFC 7644 §3.9)', () => {
  it('selects a sub-attribute in every value of a multi-valued attribute, keeping id, schemas and meta', () => {
    expect(selectAttributes(user, ['EMAILS.value'], [])).toEqual({ schemas: user.schemas, id: 'u1', emails: [{ value: 'b@example.org' }, { value: 'home@example.org' }], meta: user.meta });
  });

  it('excludes a sub-attribute from every value, and drops values left empty', () => {
    expect(selectAttributes(user, [], ['emails.type'])['emails']).toEqual([{ value: 'b@example.org', primary: true }, { value: 'home@example.org' }]);
    expect(selectAttributes({ ...user, emails: [{ type: 'work' }] }, [], ['emails.type'])).not.toHaveProperty('emails');
  });

  it('still handles single complex attributes and whole attributes', () => {
    expect(selectAttributes(user, ['name.familyName', 'userName'], [])).toMatchObject({ userName: 'bjensen', name: { familyName: 'Jensen' } });
    expect(selectAttributes(user, [], ['name'])).not.toHaveProperty('name');
  });
});
