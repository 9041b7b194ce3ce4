import { mayTriageEverywhere, nextIdeaStatuses, percent } from './api';

describe('post api helpers', () => {
  it('offers the idea loop the feed allows', () => {
    expect(nextIdeaStatuses('proposed')).toEqual(['under-review', 'planned', 'done', 'declined']);
    expect(nextIdeaStatuses('planned')).toEqual(['done', 'declined']);
    expect(nextIdeaStatuses('declined')).toEqual(['under-review']);
    expect(nextIdeaStatuses('done')).toEqual([]);
  });

  it('lets community managers and admins triage every idea, nobody else by role', () => {
    expect(mayTriageEverywhere(['community-manager'])).toBe(true);
    expect(mayTriageEverywhere(['admin'])).toBe(true);
    expect(mayTriageEverywhere(['moderator', 'employee'])).toBe(false);
  });

  it('rounds percentages and survives an unknown whole', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 4)).toBe(100);
    expect(percent(2, null)).toBe(0);
    expect(percent(2, 0)).toBe(0);
  });
});
