import { factId, factSlot, onceFactId } from './fact';

describe('factSlot', () => {
  it('puts a person\'s day and month facts in the document of their month', () => {
    expect(factSlot(factId('p1', { granularity: 'day', key: '2026-11-30' }, 'posted'))).toEqual({ document: 'p1|2026-11', field: 'day:2026-11-30|posted' });
    expect(factSlot(factId('p1', { granularity: 'month', key: '2026-11' }, 'active'))).toEqual({ document: 'p1|2026-11', field: 'month:2026-11|active' });
  });

  it('puts a week\'s facts in the month of its Thursday, also across a year', () => {
    // 2026-W49: Monday 2026-11-30 to Sunday 2026-12-06, Thursday in December.
    expect(factSlot(factId('p1', { granularity: 'week', key: '2026-W49' }, 'reacted'))?.document).toBe('p1|2026-12');
    // 2026-W53: Monday 2026-12-28, Thursday 2026-12-31; 2027-W01 has its Thursday on 2027-01-07.
    expect(factSlot(factId('p1', { granularity: 'week', key: '2026-W53' }, 'reacted'))?.document).toBe('p1|2026-12');
    expect(factSlot(factId('p1', { granularity: 'week', key: '2027-W01' }, 'reacted'))?.document).toBe('p1|2027-01');
  });

  it('keeps per-cell people facts whole as the field and once-facts on their own', () => {
    expect(factSlot('p1|week:2026-W45|mgr-answer@orgUnit:sales/north')).toEqual({ document: 'p1|2026-11', field: 'week:2026-W45|mgr-answer@orgUnit:sales/north' });
    expect(factSlot(onceFactId('event', 'e1'))).toBeNull();
    expect(factSlot(onceFactId('ack', 'post-1|p1'))).toBeNull();
    expect(factSlot(onceFactId('first-answer', 'post-1'))).toBeNull();
  });
});
