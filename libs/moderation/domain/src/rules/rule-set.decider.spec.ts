import { moderationContracts } from '@plein/moderation/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { approvalDecider, type ApprovalEvent } from './approval.decider';
import { ruleSetDecider, type Rule, type RuleSetEvent } from './rule-set.decider';

const registry = new ContractRegistry(moderationContracts, []);
const spec = deciderSpec(ruleSetDecider, (event: RuleSetEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version);
  if (!contract) throw new Error(`no contract for ${event.type}@v${event.version}`);
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});

const ADMIN = '01964b1e-0000-7000-8000-000000000102';
const RULE = '01964b1e-0000-7000-8000-000000000601';
const rule: Rule = { ruleId: RULE, scope: { kind: 'organisation' }, name: 'Customer data', matchType: 'keyword', pattern: 'klantnummer', action: 'block', publicMessage: 'No customer numbers here.' };
const defined: RuleSetEvent = { type: 'moderation.rule.defined', version: 1, data: { ...rule, definedBy: ADMIN } };

describe('rule set decider', () => {
  it('defines a rule once: the same definition again (a retry) emits nothing, a change emits the new definition', () => {
    spec.given().when({ type: 'DefineRule', rule, by: ADMIN, existing: false }).then([defined]);
    spec.given(defined).when({ type: 'DefineRule', rule, by: ADMIN, existing: false }).thenNothing();
    const changed = { ...rule, action: 'flag' as const };
    spec.given(defined).when({ type: 'DefineRule', rule: changed, by: ADMIN, existing: true }).then([{ type: 'moderation.rule.defined', version: 1, data: { ...changed, definedBy: ADMIN } }]);
    spec.given().when({ type: 'DefineRule', rule, by: ADMIN, existing: true }).thenThrows({ code: 'MODERATION.RULE_NOT_FOUND', kind: 'not-found' });
  });

  it('refuses a pattern re2js rejects, naming body.pattern', () => {
    const run = () => ruleSetDecider.decide({ type: 'DefineRule', rule: { ...rule, matchType: 'regex', pattern: '(a)\\1' }, by: ADMIN, existing: false }, ruleSetDecider.initialState());
    expect(run).toThrow(expect.objectContaining({ code: 'MODERATION.INVALID_RULE', violations: [expect.objectContaining({ field: 'body.pattern' })] }));
  });

  it('retires a rule that exists; a retired rule is gone', () => {
    const retired: RuleSetEvent = { type: 'moderation.rule.retired', version: 1, data: { ruleId: RULE, retiredBy: ADMIN } };
    spec.given(defined).when({ type: 'RetireRule', ruleId: RULE, by: ADMIN }).then([retired]);
    spec.given(defined, retired).when({ type: 'RetireRule', ruleId: RULE, by: ADMIN }).thenThrows({ code: 'MODERATION.RULE_NOT_FOUND' });
  });

  it('bounds the rules of a scope', () => {
    const many: RuleSetEvent[] = Array.from({ length: 100 }, (_, k) => ({ type: 'moderation.rule.defined', version: 1, data: { ...rule, ruleId: `01964b1e-0000-7000-8000-${String(k).padStart(12, '0')}`, definedBy: ADMIN } }));
    spec.given(...many).when({ type: 'DefineRule', rule, by: ADMIN, existing: false }).thenThrows({ code: 'MODERATION.TOO_MANY_RULES', kind: 'conflict' });
  });

  it('changes the etiquette of the organisation only, and not twice to the same text', () => {
    const changed: RuleSetEvent = { type: 'moderation.rule.etiquette-changed', version: 1, data: { nl: 'Wees aardig.', en: 'Be kind.', changedBy: ADMIN } };
    const command = { type: 'ChangeEtiquette', scope: { kind: 'organisation' }, nl: 'Wees aardig.', en: 'Be kind.', by: ADMIN } as const;
    spec.given().when(command).then([changed]);
    spec.given(changed).when(command).thenNothing();
    spec.given().when({ ...command, scope: { kind: 'group', groupId: RULE } }).thenThrows({ code: 'MODERATION.ETIQUETTE_ORGANISATION_ONLY' });
  });
});

describe('pre-moderation setting', () => {
  it('changes the setting of a scope once', () => {
    const changed: RuleSetEvent = { type: 'moderation.rule.premoderation-changed', version: 1, data: { newMemberDays: 7, minApprovedPosts: 1, changedBy: ADMIN } };
    spec.given().when({ type: 'ChangePremoderation', newMemberDays: 7, minApprovedPosts: 1, by: ADMIN }).then([changed]);
    spec.given(changed).when({ type: 'ChangePremoderation', newMemberDays: 7, minApprovedPosts: 1, by: ADMIN }).thenNothing();
    spec.given().when({ type: 'ChangePremoderation', newMemberDays: 0, minApprovedPosts: 0, by: ADMIN }).thenNothing();
  });
});

describe('approval decider', () => {
  const decision = { approvalId: RULE, contentType: 'post' as const, contentId: RULE, postId: RULE, authorId: ADMIN, screeningSequence: 1, moderatorId: ADMIN };
  const approvals = deciderSpec(approvalDecider);
  const approved: ApprovalEvent = { type: 'moderation.approval.approved', version: 1, data: decision };

  it('decides a screening once: the same answer again emits nothing, the other one conflicts; a later screening is decided afresh', () => {
    approvals.given().when({ type: 'DecideScreening', outcome: 'approved', decision }).then([approved]);
    approvals.given(approved).when({ type: 'DecideScreening', outcome: 'approved', decision: { ...decision, moderatorId: RULE } }).thenNothing();
    approvals.given(approved).when({ type: 'DecideScreening', outcome: 'rejected', decision }).thenThrows({ code: 'MODERATION.SCREENING_ALREADY_DECIDED', kind: 'conflict' });
    approvals
      .given(approved)
      .when({ type: 'DecideScreening', outcome: 'rejected', decision: { ...decision, screeningSequence: 2 } })
      .then([{ type: 'moderation.approval.rejected', version: 1, data: { ...decision, screeningSequence: 2 } }]);
  });
});
