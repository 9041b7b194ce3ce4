import { moderationContracts } from '@plein/moderation/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { caseDecider, type CaseEvent, type ContentFacts } from './case.decider';

const registry = new ContractRegistry(moderationContracts, []);
// Every produced event must pass its contract, as the event store checks before writing.
const spec = deciderSpec(caseDecider, (event: CaseEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version);
  if (!contract) throw new Error(`no contract for ${event.type}@v${event.version}`);
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});

const POST = '01964b1e-0000-7000-8000-000000000401';
const AUTHOR = '01964b1e-0000-7000-8000-000000000101';
const REPORTER = '01964b1e-0000-7000-8000-000000000103';
const MOD_A = '01964b1e-0000-7000-8000-000000000104';
const MOD_B = '01964b1e-0000-7000-8000-000000000105';
const DECISION = '01964b1e-0000-7000-8000-000000000501';
const content: ContentFacts = { contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, groupId: null };
const reported: CaseEvent = { type: 'moderation.decision.report-filed', version: 1, data: { contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, groupId: null, reporterId: REPORTER, reason: 'harassment' } };
const hide = { type: 'Decide', decisionId: DECISION, kind: 'hide', reasonCode: 'harassment', rule: 'Guidelines 2.1', statement: 'Personal attack.', moderatorId: MOD_A } as const;
const taken: CaseEvent = {
  type: 'moderation.decision.taken',
  version: 1,
  data: { decisionId: DECISION, contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, groupId: null, kind: 'hide', reasonCode: 'harassment', rule: 'Guidelines 2.1', statement: 'Personal attack.', appealable: true, moderatorId: MOD_A },
};
const hidden: CaseEvent = { type: 'moderation.decision.content-hidden', version: 1, data: { decisionId: DECISION, contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, reasonCode: 'harassment', note: 'Personal attack.' } };
const appealed: CaseEvent = { type: 'moderation.decision.appealed', version: 1, data: { decisionId: DECISION, authorId: AUTHOR, text: 'Please look again.' } };

describe('case decider', () => {
  it('files a report, and a second report by the same person counts once', () => {
    spec.given().when({ type: 'FileReport', content, reporterId: REPORTER, reason: 'harassment' }).then([reported]);
    spec.given(reported).when({ type: 'FileReport', content, reporterId: REPORTER, reason: 'spam' }).then([]);
  });

  it('hides with a statement of reasons and the content decision the feed applies', () => {
    spec.given(reported).when(hide).then([taken, hidden]);
  });

  it('refuses to hide twice and to restore visible content', () => {
    spec.given(reported, taken, hidden).when({ ...hide, decisionId: '01964b1e-0000-7000-8000-000000000502' }).thenThrows({ code: 'MODERATION.INVALID_DECISION', kind: 'conflict' });
    spec.given(reported).when({ ...hide, kind: 'restore' }).thenThrows({ code: 'MODERATION.INVALID_DECISION', kind: 'conflict' });
  });

  it('lets a second moderator claim only after the first released', () => {
    const claimed: CaseEvent = { type: 'moderation.decision.claimed', version: 1, data: { moderatorId: MOD_A } };
    spec.given(reported, claimed).when({ type: 'ClaimCase', moderatorId: MOD_B }).thenThrows({ code: 'MODERATION.CASE_CLAIMED', kind: 'conflict' });
    spec.given(reported, claimed).when({ type: 'ReleaseCase', moderatorId: MOD_B, mayReleaseOthers: false }).thenThrows({ code: 'MODERATION.NOT_CLAIMANT', kind: 'forbidden' });
    spec.given(reported, claimed).when({ type: 'ReleaseCase', moderatorId: MOD_A, mayReleaseOthers: false }).then([{ type: 'moderation.decision.released', version: 1, data: { moderatorId: MOD_A } }]);
  });

  it('assigns a case; only an organisation moderator takes it from someone who has it', () => {
    const claimed: CaseEvent = { type: 'moderation.decision.claimed', version: 1, data: { moderatorId: MOD_A } };
    spec.given(reported).when({ type: 'AssignCase', assigneeId: MOD_B, by: MOD_A, mayReassign: false }).then([{ type: 'moderation.decision.claimed', version: 1, data: { moderatorId: MOD_B, assignedBy: MOD_A } }]);
    spec.given(reported, claimed).when({ type: 'AssignCase', assigneeId: MOD_B, by: MOD_A, mayReassign: false }).then([{ type: 'moderation.decision.claimed', version: 1, data: { moderatorId: MOD_B, assignedBy: MOD_A } }]);
    spec.given(reported, claimed).when({ type: 'AssignCase', assigneeId: MOD_B, by: REPORTER, mayReassign: false }).thenThrows({ code: 'MODERATION.CASE_CLAIMED', kind: 'conflict' });
    spec.given(reported, claimed).when({ type: 'AssignCase', assigneeId: MOD_B, by: REPORTER, mayReassign: true }).then([{ type: 'moderation.decision.claimed', version: 1, data: { moderatorId: MOD_B, assignedBy: REPORTER } }]);
  });

  it('lets only the author appeal, once', () => {
    spec.given(reported, taken, hidden).when({ type: 'Appeal', decisionId: DECISION, authorId: AUTHOR, text: 'Please look again.' }).then([appealed]);
    spec.given(reported, taken, hidden).when({ type: 'Appeal', decisionId: DECISION, authorId: REPORTER, text: 'x' }).thenThrows({ code: 'MODERATION.DECISION_NOT_FOUND', kind: 'not-found' });
    spec.given(reported, taken, hidden, appealed).when({ type: 'Appeal', decisionId: DECISION, authorId: AUTHOR, text: 'again' }).thenThrows({ code: 'MODERATION.ALREADY_APPEALED', kind: 'conflict' });
  });

  it('has the appeal decided by another moderator; overturning a hide restores the content', () => {
    spec.given(reported, taken, hidden, appealed).when({ type: 'DecideAppeal', decisionId: DECISION, moderatorId: MOD_A, outcome: 'overturned', statement: 'ok' }).thenThrows({ code: 'MODERATION.APPEAL_SAME_MODERATOR', kind: 'forbidden' });
    spec
      .given(reported, taken, hidden, appealed)
      .when({ type: 'DecideAppeal', decisionId: DECISION, moderatorId: MOD_B, outcome: 'overturned', statement: 'A joke among friends.' })
      .then([
        { type: 'moderation.decision.appeal-decided', version: 1, data: { decisionId: DECISION, authorId: AUTHOR, outcome: 'overturned', moderatorId: MOD_B, statement: 'A joke among friends.' } },
        { type: 'moderation.decision.content-restored', version: 1, data: { decisionId: DECISION, contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, reasonCode: 'harassment', note: 'A joke among friends.' } },
      ]);
  });

  it('leaves a case about a moderator\'s own content to others: no claim, assignment, decision or appeal decision by its author', () => {
    const own = { code: 'MODERATION.OWN_CONTENT', kind: 'forbidden' } as const;
    spec.given(reported).when({ type: 'ClaimCase', moderatorId: AUTHOR }).thenThrows(own);
    spec.given(reported).when({ type: 'AssignCase', assigneeId: AUTHOR, by: MOD_A, mayReassign: true }).thenThrows(own);
    spec.given(reported).when({ ...hide, moderatorId: AUTHOR }).thenThrows(own);
    spec.given(reported).when({ ...hide, kind: 'keep', moderatorId: AUTHOR }).thenThrows(own);
    spec.given(reported, taken, hidden, appealed).when({ type: 'DecideAppeal', decisionId: DECISION, moderatorId: AUTHOR, outcome: 'overturned', statement: 'Mine is fine.' }).thenThrows(own);
    // Another moderator still can.
    spec.given(reported).when({ type: 'ClaimCase', moderatorId: MOD_B }).then([{ type: 'moderation.decision.claimed', version: 1, data: { moderatorId: MOD_B } }]);
  });

  it('files one system report per flag rule and content: no reporter, reason rule; the same rule again adds nothing, a new rule adds one', () => {
    const [RULE_A, RULE_B] = ['01964b1e-0000-7000-8000-000000000601', '01964b1e-0000-7000-8000-000000000602'];
    const byRule = (ruleId: string, text: string): CaseEvent => ({ type: 'moderation.decision.report-filed', version: 1, data: { contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, groupId: null, ruleId, reason: 'rule', text } });
    const a = byRule(RULE_A, `Rule ${RULE_A}: No prices.`);
    spec.given().when({ type: 'ReportByRules', content, rules: [{ ruleId: RULE_A, text: `Rule ${RULE_A}: No prices.` }] }).then([a]);
    spec.given(a).when({ type: 'ReportByRules', content, rules: [{ ruleId: RULE_A, text: `Rule ${RULE_A}: No prices.` }] }).then([]);
    spec
      .given(reported, a)
      .when({ type: 'ReportByRules', content, rules: [{ ruleId: RULE_A, text: 'again' }, { ruleId: RULE_B, text: 'B' }, { ruleId: RULE_B, text: 'B twice' }] })
      .then([byRule(RULE_B, 'B')]);
    // A person's report is still counted beside the rule's.
    spec.given(a).when({ type: 'FileReport', content, reporterId: REPORTER, reason: 'harassment' }).then([reported]);
  });

  it('keeps profile decisions out of the feed: no content decision for a profile', () => {
    const profile: ContentFacts = { contentType: 'profile', contentId: AUTHOR, authorId: AUTHOR, groupId: null };
    const filed: CaseEvent = { type: 'moderation.decision.report-filed', version: 1, data: { contentType: 'profile', contentId: AUTHOR, authorId: AUTHOR, groupId: null, reporterId: REPORTER, reason: 'other', text: 'Fake name' } };
    spec.given().when({ type: 'FileReport', content: profile, reporterId: REPORTER, reason: 'other', text: 'Fake name' }).then([filed]);
    const events = caseDecider.decide({ ...hide }, [filed].reduce((s, e) => caseDecider.evolve(s, e), caseDecider.initialState()));
    expect(events.map((e) => e.type)).toEqual(['moderation.decision.taken']);
  });
});
