import { ScimError } from '../scim.errors';
import { parseScimFilter, parseScimPath } from './filter.parser';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const scimTypeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error.scimType;
    throw error;
  }
  return undefined;
};

describe('parseScimFilter', () => {
  it('parses the exact-match lookups Entra ID and Okta send', () => {
    expect(parseScimFilter('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"')).toEqual({
      type: 'compare',
      attribute: 'userName',
      operator: 'eq',
      value: 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081',
    });
    expect(parseScimFilter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')).toMatchObject({ attribute: 'externalId', operator: 'eq' });
  });

  it('reads every comparison operator, case-insensitively', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseScimFilter(`title ${op.toUpperCase()} "x"`)).toMatchObject({ type: 'compare', operator: op });
    }
    expect(parseScimFilter('title PR')).toEqual({ type: 'present', attribute: 'title' });
  });

  it('reads JSON values: strings with escapes, numbers, booleans and null', () => {
    expect(parseScimFilter('displayName eq "Say \\"hoi\\" \\u00e9"')).toMatchObject({ value: 'Say "hoi" é' });
    expect(parseScimFilter('x gt -1.5e2')).toMatchObject({ value: -150 });
    expect(parseScimFilter('active eq True')).toMatchObject({ value: true });
    expect(parseScimFilter('active eq false')).toMatchObject({ value: false });
    expect(parseScimFilter('title eq null')).toMatchObject({ value: null });
  });

  it('keeps schema URNs and sub-attributes in the attribute path', () => {
    expect(parseScimFilter(`${ENT}:employeeNumber eq "701984"`)).toMatchObject({ attribute: `${ENT}:employeeNumber` });
    expect(parseScimFilter(`${ENT}:manager.value eq "26118915"`)).toMatchObject({ attribute: `${ENT}:manager.value` });
    expect(parseScimFilter('name.familyName co "O\'Malley"')).toMatchObject({ attribute: 'name.familyName', value: "O'Malley" });
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(parseScimFilter('a eq "1" or b eq "2" and not (c eq "3")')).toEqual({
      type: 'or',
      left: { type: 'compare', attribute: 'a', operator: 'eq', value: '1' },
      right: {
        type: 'and',
        left: { type: 'compare', attribute: 'b', operator: 'eq', value: '2' },
        right: { type: 'not', filter: { type: 'compare', attribute: 'c', operator: 'eq', value: '3' } },
      },
    });
  });

  it('honours parentheses and associates left', () => {
    expect(parseScimFilter('(a pr or b pr) and c pr')).toMatchObject({ type: 'and', left: { type: 'or' }, right: { type: 'present', attribute: 'c' } });
    expect(parseScimFilter('a pr and b pr and c pr')).toMatchObject({ type: 'and', left: { type: 'and' }, right: { attribute: 'c' } });
  });

  it('parses value filters (RFC 7644 figure 2 examples)', () => {
    expect(parseScimFilter('emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]')).toMatchObject({
      type: 'or',
      left: { type: 'valuePath', attribute: 'emails', filter: { type: 'and' } },
      right: { type: 'valuePath', attribute: 'ims' },
    });
    expect(parseScimFilter('userType eq "Employee" and emails[type eq "work" and value co "@example.com"]')).toMatchObject({ type: 'and', right: { type: 'valuePath' } });
  });

  it('reads `attr[filter].sub op value` as one condition on the same value', () => {
    expect(parseScimFilter('emails[type eq "work"].value eq "a@b.nl"')).toEqual({
      type: 'valuePath',
      attribute: 'emails',
      filter: {
        type: 'and',
        left: { type: 'compare', attribute: 'type', operator: 'eq', value: 'work' },
        right: { type: 'compare', attribute: 'value', operator: 'eq', value: 'a@b.nl' },
      },
    });
  });

  it.each([
    ['', 'empty'],
    ['userName', 'no operator'],
    ['userName eq', 'no value'],
    ['userName eq "open', 'unterminated string'],
    ['userName like "x"', 'unknown operator'],
    ['userName eq "a" and', 'dangling and'],
    ['(userName eq "a"', 'unclosed parenthesis'],
    ['userName eq "a")', 'extra parenthesis'],
    ['not userName eq "a"', 'not without parentheses'],
    ['emails[type eq "work"', 'unclosed bracket'],
    ['emails[roles[value eq "x"]]', 'nested value filter'],
    ['userName eq \'single\'', 'single quotes'],
    ['userName eq bare', 'bare word value'],
    ['userName eq 12abc', 'malformed number'],
    ['userName eq "a" # comment', 'stray character'],
  ])('rejects %j (%s) with invalidFilter', (input) => {
    expect(scimTypeOf(() => parseScimFilter(input))).toBe('invalidFilter');
  });

  it('refuses absurdly long or deep filters', () => {
    expect(scimTypeOf(() => parseScimFilter(`userName eq "${'x'.repeat(5000)}"`))).toBe('invalidFilter');
    expect(scimTypeOf(() => parseScimFilter(`${'('.repeat(40)}a pr${')'.repeat(40)}`))).toBe('invalidFilter');
    expect(() => parseScimFilter(`${'('.repeat(20)}a pr${')'.repeat(20)}`)).not.toThrow();
  });
});

describe('parseScimPath', () => {
  it('parses attribute, sub-attribute and URN-qualified paths', () => {
    expect(parseScimPath('name.givenName')).toEqual({ attribute: 'name.givenName' });
    expect(parseScimPath(`${ENT}:manager`)).toEqual({ attribute: `${ENT}:manager` });
    expect(parseScimPath(ENT)).toEqual({ attribute: ENT });
  });

  it('parses value paths with an optional trailing sub-attribute', () => {
    expect(parseScimPath('emails[type eq "work"].value')).toEqual({
      attribute: 'emails',
      filter: { type: 'compare', attribute: 'type', operator: 'eq', value: 'work' },
      subAttribute: 'value',
    });
    expect(parseScimPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toMatchObject({ attribute: 'members', filter: { type: 'compare' } });
    expect(parseScimPath('members[value eq "a"]')).not.toHaveProperty('subAttribute');
  });

  it.each(['', 'emails[type eq "work"', 'emails[type eq "work"]x', 'a b', 'emails[type eq "work"].value.extra', '"quoted"'])('rejects %j with invalidPath', (input) => {
    expect(scimTypeOf(() => parseScimPath(input))).toBe('invalidPath');
  });
});
