import { InMemoryEventStore } from '@plein/shared/event-sourcing';
import type { ModerationContext } from '../ports';
import { RuleService } from './rule.service';

const GROUP = '01964b1e-0000-7000-8000-000000000421';
const OTHER_GROUP = '01964b1e-0000-7000-8000-000000000422';
const ADMIN = '01964b1e-0000-7000-8000-000000000101';
const GROUP_MOD = '01964b1e-0000-7000-8000-000000000102';
const MEMBER = '01964b1e-0000-7000-8000-000000000103';
const OUTSIDER = '01964b1e-0000-7000-8000-000000000104';

const memberships = new Map<string, Map<string, string>>([
  [GROUP_MOD, new Map([[GROUP, 'moderator']])],
  [MEMBER, new Map([[GROUP, 'member']])],
]);
const ctx = (userId: string, roles: string[] = ['employee'], idempotencyKey?: string): ModerationContext => ({ caller: { userId, roles }, correlationId: 'c', ...(idempotencyKey ? { idempotencyKey } : {}) });
const admin = (key?: string) => ctx(ADMIN, ['employee', 'admin'], key);
const rule = { name: 'No secrets', matchType: 'keyword', pattern: 'geheim', action: 'block', publicMessage: 'Keep secrets out of posts.' } as const;

function service() {
  const store = new InMemoryEventStore();
  return { store, rules: new RuleService({ store, audience: { memberships: async (userId) => memberships.get(userId) ?? new Map() } }) };
}

describe('RuleService', () => {
  it('lets administrators define organisation rules and group moderators only their group\'s (others 403 / 404)', async () => {
    const { rules } = service();
    await expect(rules.define(admin(), undefined, rule)).resolves.toMatchObject({ scope: { kind: 'organisation' }, action: 'block' });
    await expect(rules.define(ctx(GROUP_MOD), undefined, rule)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(rules.define(ctx(GROUP_MOD), GROUP, rule)).resolves.toMatchObject({ scope: { kind: 'group', groupId: GROUP } });
    await expect(rules.define(ctx(GROUP_MOD), OTHER_GROUP, rule)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(rules.define(ctx(MEMBER), GROUP, rule)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a retried define (same Idempotency-Key) names the same rule and appends nothing twice', async () => {
    const { rules, store } = service();
    const first = await rules.define(admin('k1'), undefined, rule);
    const again = await rules.define(admin('k1'), undefined, rule);
    expect(again.ruleId).toBe(first.ruleId);
    expect((await store.readStream('rule-organisation'))?.events).toHaveLength(1);
  });

  it('checks a draft against organisation and group rules; a group rule does not reach other groups', async () => {
    const { rules } = service();
    await rules.define(admin(), undefined, { ...rule, action: 'flag', pattern: 'budget', publicMessage: 'Budget talk is reviewed.' });
    await rules.define(ctx(GROUP_MOD), GROUP, rule);
    const inGroup = await rules.check(ctx(MEMBER), { groupId: GROUP, title: 'Budget', body: 'Het is GEHEIM.' });
    expect(inGroup.outcome).toBe('block');
    expect(inGroup.matches.map((m) => [m.action, m.field])).toEqual([
      ['block', 'body.body'],
      ['flag', 'body.title'],
    ]);
    const organisation = await rules.check(ctx(MEMBER), { body: 'geheim budget' });
    expect(organisation).toMatchObject({ outcome: 'flag', matches: [expect.objectContaining({ action: 'flag' })] });
    await expect(rules.check(ctx(OUTSIDER), { groupId: GROUP, body: 'x' })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('retires rules, pages the list and keeps the etiquette for administrators', async () => {
    const { rules } = service();
    const defined = [];
    for (let k = 0; k < 3; k++) defined.push(await rules.define(admin(), undefined, { ...rule, pattern: `word${k}` }));
    const first = await rules.list(admin(), undefined, { limit: 2 });
    expect(first.items.map((r) => r.pattern)).toEqual(['word0', 'word1']);
    const second = await rules.list(admin(), undefined, { limit: 2, cursor: first.nextCursor! });
    expect([second.items.map((r) => r.pattern), second.nextCursor]).toEqual([['word2'], null]);
    await rules.retire(admin(), undefined, defined[0]!.ruleId);
    expect((await rules.check(ctx(MEMBER), { body: 'word0' })).outcome).toBe('publish');
    await expect(rules.changeEtiquette(ctx(GROUP_MOD), { nl: 'Aardig', en: 'Kind' })).rejects.toMatchObject({ kind: 'forbidden' });
    await rules.changeEtiquette(admin(), { nl: 'Wees aardig.', en: 'Be kind.' });
    expect(await rules.etiquette()).toEqual({ nl: 'Wees aardig.', en: 'Be kind.' });
  });
});
