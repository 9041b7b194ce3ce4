import { ValidationError } from '@plein/shared/kernel';
import { childrenOf, daysOfWeek, isPeopleMetric, medianBucket, parentOf, periodRange, weekOfDay } from './query';

const today = new Date('2026-12-06T12:00:00Z');

describe('query shapes', () => {
  it('answers whole calendar buckets for a date range', () => {
    expect(periodRange('week', '2026-11-04', '2026-11-17', today).periods).toEqual(['2026-W45', '2026-W46', '2026-W47']);
    expect(periodRange('month', '2026-10-31', '2026-11-01', today).periods).toEqual(['2026-10', '2026-11']);
    expect(periodRange('day', '2026-12-31', '2026-12-31', new Date('2027-01-01T00:00:00Z')).periods).toEqual(['2026-12-31']);
  });

  it('names the field of a bad range', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as ValidationError).violations.map((v) => v.field);
      }
      return [];
    };
    expect(field(() => periodRange('day', '2026-11-10', '2026-11-09', today))).toEqual(['query.to']);
    expect(field(() => periodRange('day', '2025-10-31', '2026-12-05', today))).toEqual(['query.to']); // 401 days
    expect(periodRange('day', '2025-11-01', '2026-12-05', today).periods).toHaveLength(400);
    expect(field(() => periodRange('day', '2026-13-01', '2026-12-05', today))).toEqual(['query.from']);
    expect(field(() => periodRange('month', '2026-11-01', '2026-11-30', today, 'comments'))).toEqual(['query.granularity']);
    expect(field(() => periodRange('month', '2026-11-01', '2026-11-30', today, 'active'))).toEqual([]);
  });

  it('tells people counts from event counts', () => {
    expect(['active', 'active_posted', 'role_models', 'headcount'].every(isPeopleMetric)).toBe(true);
    expect(['posts', 'comments', 'questions_answered', 'mgr_answer_le_1h', 'idea_proposed_to_planned'].some(isPeopleMetric)).toBe(false);
  });

  it('lists the days of an ISO week, also across a year boundary', () => {
    expect(daysOfWeek('2026-W49')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(daysOfWeek('2026-W53')[6]).toBe('2027-01-03');
    expect(daysOfWeek('2026-W01')[0]).toBe('2025-12-29');
    for (const day of daysOfWeek('2026-W53')) expect(weekOfDay(day)).toBe('2026-W53');
  });

  it('walks the department tree one level at a time', () => {
    const units = ['eng', 'eng/platform', 'eng/platform/search', 'eng/web', 'sales'];
    expect(childrenOf(units, null)).toEqual(['eng', 'sales']);
    expect(childrenOf(units, 'eng')).toEqual(['eng/platform', 'eng/web']);
    expect(parentOf('eng/platform/search')).toBe('eng/platform');
    expect(parentOf('eng')).toBeNull();
  });

  it('finds the median bucket of a duration histogram', () => {
    expect(medianBucket({ mgr_answer_le_1h: 2, mgr_answer_le_4h: 3, mgr_answer_le_1d: 4 }, 'mgr_answer')).toEqual({ bucket: '4h', atMostSeconds: 14_400 });
    expect(medianBucket({ mgr_answer_le_1h: 1, mgr_answer_le_inf: 3 }, 'mgr_answer')).toEqual({ bucket: 'inf', atMostSeconds: null });
    expect(medianBucket({}, 'mgr_answer')).toBeNull();
  });
});
