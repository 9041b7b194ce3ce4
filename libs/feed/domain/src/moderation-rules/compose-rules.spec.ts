import type { DefinedRule } from '@plein/moderation/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { BlockedByRuleError, composeRule, composeVerdict, holding, isNewMember, refuseBlocked, screeningOf, type ComposeRule } from './compose-rules';

const rule = (ruleId: string, over: Partial<DefinedRule>): ComposeRule =>
  composeRule({ ruleId, scope: { kind: 'organisation' }, name: 'r', matchType: 'keyword', pattern: 'x', action: 'block', publicMessage: `message ${ruleId}`, ...over })!;

describe('compose-time rules in the feed', () => {
  const rules = [
    rule('flag', { pattern: 'budget', action: 'flag' }),
    rule('hold', { matchType: 'phrase', pattern: 'new office', action: 'require-approval' }),
    rule('block', { matchType: 'regex', pattern: '\\bpassword\\s*[:=]', action: 'block' }),
  ];

  it('orders matches by strength and names the field; a blocking match refuses with the public message', () => {
    const verdict = composeVerdict(rules, { title: 'Budget', body: 'The password: hunter2' });
    expect(verdict.outcome).toBe('block');
    expect(verdict.matches.map((m) => [m.ruleId, m.field])).toEqual([
      ['block', 'body.body'],
      ['flag', 'body.title'],
    ]);
    expect(() => refuseBlocked(verdict)).toThrow(BlockedByRuleError);
    try {
      refuseBlocked(verdict);
    } catch (error) {
      expect((error as BlockedByRuleError).violations).toEqual([{ field: 'body.body', message: 'message block' }]);
    }
  });

  it('holds when any match requires approval, flags otherwise, and asks nothing when nothing matches', () => {
    expect(screeningOf(composeVerdict(rules, { body: 'The new office budget' }), () => 'h1')).toEqual({
      action: 'require-approval',
      hold: { decisionId: 'h1' },
      rules: [expect.objectContaining({ ruleId: 'hold', action: 'require-approval' }), expect.objectContaining({ ruleId: 'flag', action: 'flag' })],
    });
    expect(screeningOf(composeVerdict(rules, { body: 'budget' }), () => 'h2')).toMatchObject({ action: 'flag', hold: null });
    expect(screeningOf(composeVerdict(rules, { body: 'lunch' }), () => 'h3')).toBeNull();
    expect(composeRule({ ruleId: 'bad', scope: { kind: 'organisation' }, name: 'r', matchType: 'regex', pattern: '(a)\\1', action: 'block', publicMessage: 'm' })).toBeNull();
  });

  it('holding appends the hide in the same decision, unless nothing happened or the content is hidden already', () => {
    type E = { type: 'made' | 'hidden' };
    const inner: Decider<'make' | 'noop', E, { hidden: boolean }> = {
      initialState: () => ({ hidden: false }),
      decide: (command) => (command === 'make' ? [{ type: 'made' }] : []),
      evolve: (state, event) => ({ hidden: state.hidden || event.type === 'hidden' }),
    };
    const held = holding(inner, { decisionId: 'd' }, (s) => s.hidden, () => ({ type: 'hidden' }));
    expect(held.decide('make', { hidden: false })).toEqual([{ type: 'made' }, { type: 'hidden' }]);
    expect(held.decide('make', { hidden: true })).toEqual([{ type: 'made' }]);
    expect(held.decide('noop', { hidden: false })).toEqual([]);
    expect(holding(inner, null, (s) => s.hidden, () => ({ type: 'hidden' }))).toBe(inner);
  });

  it('pre-moderation: holds people with too few visible posts or whose first one is too recent, and holds them without a rule match', () => {
    const now = new Date('2026-06-15T00:00:00Z');
    const setting = { groupId: null, newMemberDays: 7, minApprovedPosts: 2 };
    expect(isNewMember(setting, { firstPostAt: null, visiblePosts: 0 }, now)).toBe(true);
    expect(isNewMember(setting, { firstPostAt: '2026-06-01T00:00:00Z', visiblePosts: 1 }, now)).toBe(true);
    expect(isNewMember(setting, { firstPostAt: '2026-06-10T00:00:00Z', visiblePosts: 2 }, now)).toBe(true);
    expect(isNewMember(setting, { firstPostAt: '2026-06-01T00:00:00Z', visiblePosts: 2 }, now)).toBe(false);
    expect(isNewMember({ groupId: null, newMemberDays: 0, minApprovedPosts: 0 }, { firstPostAt: null, visiblePosts: 0 }, now)).toBe(false);
    expect(screeningOf({ outcome: 'publish', matches: [], newMember: true }, () => 'h')).toEqual({ action: 'require-approval', hold: { decisionId: 'h' }, rules: [], newMember: true });
  });
});
