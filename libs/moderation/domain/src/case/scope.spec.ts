import { inScope, moderatorScope } from './scope';

const none = new Map<string, string>();
const groupModerator = new Map([['g1', 'moderator']]);

describe('moderator scope and escalated cases', () => {
  it('takes escalated cases away from organisation and group moderators', () => {
    const moderator = moderatorScope(['employee', 'moderator'], none);
    expect(inScope(moderator, null)).toBe(true);
    expect(inScope(moderator, 'g1')).toBe(true);
    expect(inScope(moderator, null, true)).toBe(false);
    expect(inScope(moderator, 'g1', true)).toBe(false);
    const group = moderatorScope(['employee'], groupModerator);
    expect(inScope(group, 'g1')).toBe(true);
    expect(inScope(group, 'g1', true)).toBe(false);
    expect(inScope(group, 'g2')).toBe(false);
  });

  it('gives escalated cases, and only those, to hr-legal; administrators keep every case', () => {
    const hrLegal = moderatorScope(['employee', 'hr-legal'], none);
    expect(hrLegal).toEqual({ kind: 'escalations' });
    expect(inScope(hrLegal, null, true)).toBe(true);
    expect(inScope(hrLegal, 'g1', true)).toBe(true);
    expect(inScope(hrLegal, null)).toBe(false);
    expect(inScope(hrLegal, 'g1')).toBe(false);
    const admin = moderatorScope(['employee', 'admin'], none);
    expect([inScope(admin, null), inScope(admin, 'g1', true)]).toEqual([true, true]);
  });

  it('adds escalated cases to a moderator who is also hr-legal, and nothing to someone without a role', () => {
    expect(inScope(moderatorScope(['moderator', 'hr-legal'], none), 'g1', true)).toBe(true);
    expect(inScope(moderatorScope(['hr-legal'], groupModerator), 'g2', true)).toBe(true);
    expect(inScope(moderatorScope(['hr-legal'], groupModerator), 'g2')).toBe(false);
    const nobody = moderatorScope(['employee'], none);
    expect(nobody).toEqual({ kind: 'none' });
    expect([inScope(nobody, null), inScope(nobody, null, true)]).toEqual([false, false]);
  });
});
