import { dateTime, defineEvent, nullable, object, oneOfStrings, text, uuid } from '@plein/shared/contracts';
import { MODERATION_REASONS, moderationDecisionTopic, type ModerationReason } from './decision.events';

/**
 * The moderation case of one piece of content (the `decision` aggregate, keyed
 * `<contentType>:<contentId>`): its reports, who works on it, the decisions with their statement
 * of reasons, and the author's appeal. Everything about one item stays in order on one partition
 * of `moderation.decision.events.v1`, beside the content decisions the feed applies.
 */
export const REPORTABLE_CONTENT_TYPES = ['post', 'comment', 'profile'] as const;
export type ReportableContentType = (typeof REPORTABLE_CONTENT_TYPES)[number];

/** What a moderator may decide. hide/remove/restore also emit the content decision the feed applies. */
export const DECISION_KINDS = ['keep', 'hide', 'restore', 'remove', 'warn', 'restrict', 'escalate'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
/** Where an escalated case goes. */
export const ESCALATION_TARGETS = ['hr', 'legal'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
export const APPEAL_OUTCOMES = ['upheld', 'overturned'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

export const REPORT_TEXT_MAX = 1000;
export const STATEMENT_MAX = 2000;
export const RULE_MAX = 200;

export interface ReportFiledV1 {
  contentType: ReportableContentType;
  contentId: string;
  /** The post itself, the post of a comment; absent for a profile. */
  postId?: string;
  authorId: string;
  /** The group whose audience the content has (its moderators review it); null outside groups. */
  groupId: string | null;
  /** The person who reported; absent when the system reports (reason `rule`: a flag rule matched). */
  reporterId?: string;
  /** Reason `rule`: the compose-time rule that flagged the content (one report per rule and content). */
  ruleId?: string;
  reason: ModerationReason;
  text?: string;
}
export interface CaseClaimedV1 {
  moderatorId: string;
  /** Set when someone else assigned the case to the moderator. */
  assignedBy?: string;
}
export interface CaseReleasedV1 {
  moderatorId: string;
}

/** The statement of reasons of one decision: what was decided, under which rule, and what the author can do next. */
export interface DecisionTakenV1 {
  decisionId: string;
  contentType: ReportableContentType;
  contentId: string;
  postId?: string;
  authorId: string;
  groupId: string | null;
  kind: DecisionKind;
  reasonCode: ModerationReason;
  /** The rule of the community guidelines applied. */
  rule: string;
  /** Why, in words the author reads. */
  statement: string;
  /** True when the author may appeal (once). */
  appealable: boolean;
  moderatorId: string;
  /** restrict: the author may not post until then. */
  restrictedUntil?: string;
  /** escalate: the role the case is handed to. */
  escalatedTo?: EscalationTarget;
}
export interface DecisionAppealedV1 {
  decisionId: string;
  authorId: string;
  text: string;
}
export interface AppealDecidedV1 {
  decisionId: string;
  authorId: string;
  outcome: AppealOutcome;
  moderatorId: string;
  statement: string;
}

const base = { aggregateType: 'decision', topic: moderationDecisionTopic, version: 1 } as const;
const CONTENT = '01964b1e-0000-7000-8000-000000000401';
const AUTHOR = '01964b1e-0000-7000-8000-000000000101';
const GROUP = '01964b1e-0000-7000-8000-000000000421';
const MODERATOR = '01964b1e-0000-7000-8000-000000000102';
const DECISION = '01964b1e-0000-7000-8000-000000000501';
const reason = oneOfStrings(MODERATION_REASONS);
const contentType = oneOfStrings(REPORTABLE_CONTENT_TYPES);

export const reportFiledV1 = defineEvent<ReportFiledV1>({
  ...base,
  type: 'moderation.decision.report-filed',
  description:
    'Someone who can see the content reported it (reporterId), or the system did because a compose-time flag rule matched it (reason rule, ruleId, no reporterId). One report per person, or per rule, and item counts. Never shown to the author.',
  schema: object(
    { contentType, contentId: uuid(), postId: uuid(), authorId: uuid(), groupId: nullable(uuid()), reporterId: uuid(), ruleId: uuid(), reason, text: text(REPORT_TEXT_MAX) },
    ['contentType', 'contentId', 'authorId', 'groupId', 'reason'],
  ),
  example: { contentType: 'post', contentId: CONTENT, postId: CONTENT, authorId: AUTHOR, groupId: GROUP, reporterId: '01964b1e-0000-7000-8000-000000000103', reason: 'harassment' },
});

export const caseClaimedV1 = defineEvent<CaseClaimedV1>({
  ...base,
  type: 'moderation.decision.claimed',
  description: 'A moderator took the case from the review queue, or was assigned it (assignedBy).',
  schema: object({ moderatorId: uuid(), assignedBy: uuid() }, ['moderatorId']),
  example: { moderatorId: MODERATOR },
});

export const caseReleasedV1 = defineEvent<CaseReleasedV1>({
  ...base,
  type: 'moderation.decision.released',
  description: 'The moderator who had the case gave it back to the queue.',
  schema: object({ moderatorId: uuid() }, ['moderatorId']),
  example: { moderatorId: MODERATOR },
});

export const decisionTakenV1 = defineEvent<DecisionTakenV1>({
  ...base,
  type: 'moderation.decision.taken',
  description:
    'A moderator decided on the case; the statement of reasons (rule, content, what the author can do next) for the author. hide, remove and restore are followed by the content decision the feed applies.',
  schema: object(
    {
      decisionId: uuid(),
      contentType,
      contentId: uuid(),
      postId: uuid(),
      authorId: uuid(),
      groupId: nullable(uuid()),
      kind: oneOfStrings(DECISION_KINDS),
      reasonCode: reason,
      rule: text(RULE_MAX),
      statement: text(STATEMENT_MAX),
      appealable: { type: 'boolean' },
      moderatorId: uuid(),
      restrictedUntil: dateTime(),
      escalatedTo: oneOfStrings(ESCALATION_TARGETS),
    },
    ['decisionId', 'contentType', 'contentId', 'authorId', 'groupId', 'kind', 'reasonCode', 'rule', 'statement', 'appealable', 'moderatorId'],
  ),
  example: {
    decisionId: DECISION,
    contentType: 'post',
    contentId: CONTENT,
    postId: CONTENT,
    authorId: AUTHOR,
    groupId: GROUP,
    kind: 'hide',
    reasonCode: 'harassment',
    rule: 'Guidelines 2.1: no personal attacks',
    statement: 'The post calls a colleague names. You can edit it and appeal this decision once.',
    appealable: true,
    moderatorId: MODERATOR,
  },
});

export const decisionAppealedV1 = defineEvent<DecisionAppealedV1>({
  ...base,
  type: 'moderation.decision.appealed',
  description: 'The author appealed a decision (once per decision); another moderator decides.',
  schema: object({ decisionId: uuid(), authorId: uuid(), text: text(REPORT_TEXT_MAX) }, ['decisionId', 'authorId', 'text']),
  example: { decisionId: DECISION, authorId: AUTHOR, text: 'It was a joke between friends; they agree.' },
});

export const appealDecidedV1 = defineEvent<AppealDecidedV1>({
  ...base,
  type: 'moderation.decision.appeal-decided',
  description: 'A moderator other than the original decider decided the appeal; overturning a hide restores the content.',
  schema: object(
    { decisionId: uuid(), authorId: uuid(), outcome: oneOfStrings(APPEAL_OUTCOMES), moderatorId: uuid(), statement: text(STATEMENT_MAX) },
    ['decisionId', 'authorId', 'outcome', 'moderatorId', 'statement'],
  ),
  example: { decisionId: DECISION, authorId: AUTHOR, outcome: 'overturned', moderatorId: '01964b1e-0000-7000-8000-000000000104', statement: 'Both people confirmed it was friendly.' },
});

export const caseContracts = [reportFiledV1, caseClaimedV1, caseReleasedV1, decisionTakenV1, decisionAppealedV1, appealDecidedV1];
