import { cellId } from './cell';
import { departmentKey, dimensionsOf, orgUnitAncestry } from './dimensions';
import { completenessBand, durationBucket, guardOf, METRICS } from './metrics';
import { periodEnd, periodsOf, weekKey } from './periods';

describe('periods', () => {
  it('cuts a time into its UTC day, ISO week and month', () => {
    expect(periodsOf(new Date('2026-12-06T23:59:59Z'))).toEqual([
      { granularity: 'day', key: '2026-12-06' },
      { granularity: 'week', key: '2026-W49' },
      { granularity: 'month', key: '2026-12' },
    ]);
  });

  it('gives the ISO week year at the year boundary', () => {
    expect(weekKey(new Date('2027-01-01T10:00:00Z'))).toBe('2026-W53');
    expect(weekKey(new Date('2025-12-29T10:00:00Z'))).toBe('2026-W01');
    expect(weekKey(new Date('2026-01-04T10:00:00Z'))).toBe('2026-W01');
    expect(weekKey(new Date('2026-01-05T10:00:00Z'))).toBe('2026-W02');
  });

  it('ends a period at the first instant after it', () => {
    expect(periodEnd({ granularity: 'day', key: '2026-12-31' }).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(periodEnd({ granularity: 'month', key: '2026-12' }).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(periodEnd({ granularity: 'week', key: '2026-W49' }).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(periodEnd({ granularity: 'week', key: '2026-W01' }).toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });
});

describe('dimensions', () => {
  it('normalises department paths and counts a person in every org unit above them', () => {
    expect(departmentKey(' Engineering / Platform/Séarch ')).toBe('engineering/platform/search');
    expect(departmentKey(' / ')).toBeNull();
    expect(orgUnitAncestry('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    const dims = dimensionsOf({ level: 'manager', orgUnit: 'sales/north', location: null });
    expect(dims.map((d) => `${d.kind}:${d.value}`)).toEqual(['all:all', 'level:manager', 'location:(unknown)', 'orgUnit:sales', 'orgUnit:sales/north']);
    expect(cellId({ granularity: 'week', key: '2026-W49' }, dims[4]!)).toBe('week|orgUnit|2026-W49|sales/north');
  });
});

describe('metrics', () => {
  it('puts durations and completeness in their buckets', () => {
    expect(durationBucket(3_600)).toBe('1h');
    expect(durationBucket(3_601)).toBe('4h');
    expect(durationBucket(90 * 86_400)).toBe('inf');
    expect(completenessBand(0)).toBe('0-24');
    expect(completenessBand(75)).toBe('75-99');
    expect(completenessBand(100)).toBe('100');
  });

  it('guards every count by the people behind it', () => {
    expect(guardOf(METRICS.posts)).toBe('active_posted');
    expect(guardOf('mgr_answer_seconds')).toBe(METRICS.mgrAnswerPeople);
    expect(guardOf('idea_proposed_to_planned')).toBe(METRICS.ideaAuthors);
    expect(guardOf(METRICS.active)).toBe(METRICS.active);
  });
});
