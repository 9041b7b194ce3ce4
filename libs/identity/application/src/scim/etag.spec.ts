import { checkIfMatch, notModified } from './etag';

describe('If-Match (RFC 7644 §3.14, RFC 9110 §13.1.1)', () => {
  it('passes without a header or with *, and names the version the write must be appended to', () => {
    expect(checkIfMatch(undefined, 3, 'User u')).toBeUndefined();
    expect(checkIfMatch(' ', 3, 'User u')).toBeUndefined();
    expect(checkIfMatch('*', 3, 'User u')).toBeUndefined();
    expect(checkIfMatch('W/"3"', 3, 'User u')).toBe(3);
    expect(checkIfMatch('"3"', 3, 'User u')).toBe(3);
  });

  it('accepts a list that contains the current version and refuses one that does not', () => {
    expect(checkIfMatch('W/"1", W/"3"', 3, 'User u')).toBe(3);
    expect(() => checkIfMatch('W/"1", W/"2"', 3, 'User u')).toThrow(expect.objectContaining({ kind: 'precondition' }));
    expect(() => checkIfMatch('W/"1",', 3, 'User u')).toThrow(expect.objectContaining({ kind: 'precondition' }));
    expect(() => checkIfMatch('garbage', 3, 'User u')).toThrow(expect.objectContaining({ kind: 'precondition' }));
  });

  it('If-None-Match matches the current version in a list', () => {
    expect(notModified('W/"1", W/"3"', 3)).toBe(true);
    expect(notModified('W/"1"', 3)).toBe(false);
  });
});
