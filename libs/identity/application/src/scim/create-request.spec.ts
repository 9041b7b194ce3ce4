import { ScimError } from '@plein/identity/domain';
import { assertCreateHasSchemas } from './create-request';
import { MAX_SELECTION_LENGTH, parseSelection } from './list-params';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('a SCIM create carries schemas (RFC 7644 §3.3)', () => {
  it.each([[{ userName: 'a' }], [{ schemas: [], userName: 'a' }], [{ schemas: USER }], [{ schemas: [1] }], [null], [[USER]], ['text']])('refuses %j with 400 invalidSyntax', (body) => {
    expect(() => assertCreateHasSchemas(body)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidSyntax' }));
    expect(() => assertCreateHasSchemas(body)).toThrow(ScimError);
  });

  it('accepts any non-empty list of URNs, under any case of the attribute name (RFC 7643 §2.1)', () => {
    expect(() => assertCreateHasSchemas({ schemas: [USER], userName: 'a' })).not.toThrow();
    expect(() => assertCreateHasSchemas({ SCHEMAS: [USER], USERNAME: 'a' })).not.toThrow();
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.9)', () => {
  it('splits the lists, names read in any case', () => {
    expect(parseSelection({ ATTRIBUTES: 'userName, emails.value', excludedattributes: 'groups' })).toEqual({ attributes: ['userName', 'emails.value'], excludedAttributes: ['groups'] });
  });

  it('refuses a value longer than the documented maximum, naming the parameter', () => {
    const exact = 'x'.repeat(MAX_SELECTION_LENGTH);
    expect(parseSelection({ attributes: exact }).attributes).toEqual([exact]);
    expect(() => parseSelection({ excludedAttributes: `${exact},` })).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue', detail: expect.stringContaining('excludedAttributes') }));
  });
});
