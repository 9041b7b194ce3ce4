import { ValidationError } from '@plein/shared/kernel';
import { decodeSearchCursor, encodeSearchCursor, queryFingerprint } from './search-cursor';
import { EMPTY_FILTERS } from './search-request';

describe('search cursor', () => {
  const query = queryFingerprint('kubernetes', { ...EMPTY_FILTERS, departments: ['IT', 'HR'] });

  it('round-trips the last hit and belongs to its query (filter order does not matter)', () => {
    expect(queryFingerprint('Kubernetes ', { ...EMPTY_FILTERS, departments: ['HR', 'IT'] })).toBe(query);
    const raw = encodeSearchCursor({ score: 12.345678, userId: '01964b1e-0000-7000-8000-000000000101', query });
    expect(raw).toMatch(/^[\w-]+$/);
    expect(decodeSearchCursor(raw, query)).toEqual({ score: 12.345678, userId: '01964b1e-0000-7000-8000-000000000101', query });
  });

  it.each([
    ['', 'empty'],
    ['$$$', 'not base64url'],
    [Buffer.from('{"a":1}').toString('base64url'), 'not a triple'],
    [Buffer.from('["x","id","q"]').toString('base64url'), 'score not a number'],
    [Buffer.from(`[1,"${'x'.repeat(101)}","q"]`).toString('base64url'), 'user id too long'],
    ['x'.repeat(301), 'too long'],
  ])('refuses %j (%s) naming query.cursor', (raw) => {
    try {
      decodeSearchCursor(raw, query);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['query.cursor']);
    }
  });

  it('refuses a cursor of another query', () => {
    const other = encodeSearchCursor({ score: 1, userId: 'u', query: queryFingerprint('kafka', EMPTY_FILTERS) });
    expect(() => decodeSearchCursor(other, query)).toThrow(/another query/);
  });
});
