import { assertMayPost, PostingRestrictedError, restrictedUntil } from './posting-restriction';

const now = new Date('2026-12-06T12:00:00.000Z');

describe('posting restrictions', () => {
  it('lets an author without restrictions post', () => {
    expect(restrictedUntil([], now)).toBeNull();
    expect(() => assertMayPost([], now)).not.toThrow();
  });

  it('refuses while a restriction runs, with its end and a clear title', () => {
    const error = (() => {
      try {
        assertMayPost([{ until: '2026-12-08T00:00:00Z', lifted: false }], now);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PostingRestrictedError);
    expect(error).toMatchObject({ kind: 'forbidden', code: 'FEED.POSTING_RESTRICTED', restrictedUntil: '2026-12-08T00:00:00.000Z', problem: { title: 'Posting is restricted', members: { restrictedUntil: '2026-12-08T00:00:00.000Z' } } });
  });

  it('ends at restrictedUntil exactly', () => {
    expect(restrictedUntil([{ until: now.toISOString(), lifted: false }], now)).toBeNull();
    expect(restrictedUntil([{ until: now.toISOString(), lifted: false }], new Date(now.getTime() - 1))).toBe(now.toISOString());
  });

  it('ignores lifted restrictions and answers the latest end of the others', () => {
    const restrictions = [
      { until: '2026-12-20T00:00:00.000Z', lifted: true },
      { until: '2026-12-07T00:00:00.000Z', lifted: false },
      { until: '2026-12-09T00:00:00.000Z', lifted: false },
      { until: '2026-12-01T00:00:00.000Z', lifted: false },
    ];
    expect(restrictedUntil(restrictions, now)).toBe('2026-12-09T00:00:00.000Z');
  });
});
