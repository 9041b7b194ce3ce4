import type {
  AppealDecidedV1,
  AppealOutcome,
  CaseClaimedV1,
  CaseReleasedV1,
  ContentDecisionV1,
  DecisionAppealedV1,
  DecisionKind,
  DecisionTakenV1,
  EscalationTarget,
  ModerationReason,
  ReportableContentType,
  ReportFiledV1,
} from '@plein/moderation/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ConflictError, ForbiddenError, NotFoundError, type NewEvent } from '@plein/shared/kernel';

export type CaseEvent =
  | NewEvent<ReportFiledV1, 'moderation.decision.report-filed'>
  | NewEvent<CaseClaimedV1, 'moderation.decision.claimed'>
  | NewEvent<CaseReleasedV1, 'moderation.decision.released'>
  | NewEvent<DecisionTakenV1, 'moderation.decision.taken'>
  | NewEvent<DecisionAppealedV1, 'moderation.decision.appealed'>
  | NewEvent<AppealDecidedV1, 'moderation.decision.appeal-decided'>
  | NewEvent<ContentDecisionV1, 'moderation.decision.content-hidden' | 'moderation.decision.content-restored' | 'moderation.decision.content-removed'>;

/** The reported content as the reporter's visibility check found it. */
export interface ContentFacts {
  readonly contentType: ReportableContentType;
  readonly contentId: string;
  readonly postId?: string;
  readonly authorId: string;
  readonly groupId: string | null;
}

export interface FileReport {
  readonly type: 'FileReport';
  readonly content: ContentFacts;
  readonly reporterId: string;
  readonly reason: ModerationReason;
  readonly text?: string;
}
/** A compose-time rule with the flag action matched published content: the system reports it, once per rule. */
export interface ReportByRules {
  readonly type: 'ReportByRules';
  readonly content: ContentFacts;
  readonly rules: readonly { readonly ruleId: string; readonly text: string }[];
}
export interface ClaimCase {
  readonly type: 'ClaimCase';
  readonly moderatorId: string;
}
/** Hands the case to a moderator (who must be in the case's scope: the caller checked). */
export interface AssignCase {
  readonly type: 'AssignCase';
  readonly assigneeId: string;
  readonly by: string;
  /** Organisation moderators may take a case from whoever has it. */
  readonly mayReassign: boolean;
}
export interface ReleaseCase {
  readonly type: 'ReleaseCase';
  readonly moderatorId: string;
  /** Organisation moderators may release someone else's claim. */
  readonly mayReleaseOthers: boolean;
}
export interface Decide {
  readonly type: 'Decide';
  readonly decisionId: string;
  readonly kind: DecisionKind;
  readonly reasonCode: ModerationReason;
  readonly rule: string;
  readonly statement: string;
  readonly moderatorId: string;
  readonly restrictedUntil?: string;
  readonly escalatedTo?: EscalationTarget;
}
export interface Appeal {
  readonly type: 'Appeal';
  readonly decisionId: string;
  readonly authorId: string;
  readonly text: string;
}
export interface DecideAppeal {
  readonly type: 'DecideAppeal';
  readonly decisionId: string;
  readonly moderatorId: string;
  readonly outcome: AppealOutcome;
  readonly statement: string;
}
export type CaseCommand = FileReport | ReportByRules | ClaimCase | AssignCase | ReleaseCase | Decide | Appeal | DecideAppeal;

export type ContentState = 'visible' | 'hidden' | 'removed';
export interface DecisionRecord {
  readonly kind: DecisionKind;
  readonly moderatorId: string;
  readonly reasonCode: ModerationReason;
  readonly appealable: boolean;
  readonly appeal: 'none' | 'pending' | AppealOutcome;
}
export interface CaseState {
  readonly content: ContentFacts | null;
  /** Who reported: person ids, and `rule:<ruleId>` for each rule that flagged the content. */
  readonly reporters: ReadonlySet<string>;
  readonly assignee: string | null;
  readonly contentState: ContentState;
  readonly escalatedTo: EscalationTarget | null;
  readonly decisions: ReadonlyMap<string, DecisionRecord>;
}

/** Kinds that act on the author or their content: only these can be appealed. */
export const APPEALABLE_KINDS: ReadonlySet<DecisionKind> = new Set(['hide', 'remove', 'warn', 'restrict']);

export const CASE_ERRORS = {
  notFound: 'MODERATION.CASE_NOT_FOUND',
  decisionNotFound: 'MODERATION.DECISION_NOT_FOUND',
  claimedByOther: 'MODERATION.CASE_CLAIMED',
  notClaimant: 'MODERATION.NOT_CLAIMANT',
  invalidTransition: 'MODERATION.INVALID_DECISION',
  notAppealable: 'MODERATION.NOT_APPEALABLE',
  alreadyAppealed: 'MODERATION.ALREADY_APPEALED',
  noAppeal: 'MODERATION.NO_PENDING_APPEAL',
  sameModerator: 'MODERATION.APPEAL_SAME_MODERATOR',
  ownContent: 'MODERATION.OWN_CONTENT',
} as const;

/** Nobody judges their own content: a group's owner or moderator (or an organisation moderator) who wrote it leaves the case to another. */
const ownContent = (content: ContentFacts, moderatorId: string): void => {
  if (content.authorId === moderatorId) throw new ForbiddenError(CASE_ERRORS.ownContent, 'a moderator does not take, decide or decide the appeal of a case about their own content');
};

/** The reporter key of a rule report (a person's is their id). */
export const ruleReporter = (ruleId: string): string => `rule:${ruleId}`;

function reportData(c: ContentFacts, reporter: { readonly reporterId: string } | { readonly ruleId: string }, reason: ModerationReason, text: string | undefined): ReportFiledV1 {
  return {
    contentType: c.contentType,
    contentId: c.contentId,
    ...(c.postId ? { postId: c.postId } : {}),
    authorId: c.authorId,
    groupId: c.groupId,
    ...reporter,
    reason,
    ...(text ? { text } : {}),
  };
}

const conflict = (code: string, message: string, details: Record<string, unknown> = {}) => new ConflictError(code, message, details);

function contentDecision(type: 'moderation.decision.content-hidden' | 'moderation.decision.content-restored' | 'moderation.decision.content-removed', content: ContentFacts, decisionId: string, reasonCode: ModerationReason, note: string): CaseEvent[] {
  // Profiles are not feed content: their decisions stay in the statement of reasons.
  if (content.contentType === 'profile' || !content.postId) return [];
  const data: ContentDecisionV1 = { decisionId, contentType: content.contentType, contentId: content.contentId, postId: content.postId, authorId: content.authorId, reasonCode, note: note.slice(0, 1000) };
  return [{ type, version: 1, data }];
}

function decide(command: Decide, state: CaseState): CaseEvent[] {
  const content = state.content!;
  const { kind } = command;
  if (state.decisions.has(command.decisionId)) return [];
  ownContent(content, command.moderatorId);
  if (state.contentState === 'removed' && kind !== 'keep' && kind !== 'escalate') throw conflict(CASE_ERRORS.invalidTransition, 'the content is removed already');
  if (kind === 'hide' && state.contentState === 'hidden') throw conflict(CASE_ERRORS.invalidTransition, 'the content is hidden already');
  if (kind === 'restore' && state.contentState !== 'hidden') throw conflict(CASE_ERRORS.invalidTransition, 'only hidden content can be restored');
  if (kind === 'restrict' && !command.restrictedUntil) throw conflict(CASE_ERRORS.invalidTransition, 'a restriction needs an end (restrictedUntil)');
  if (kind === 'escalate' && !command.escalatedTo) throw conflict(CASE_ERRORS.invalidTransition, 'an escalation needs a target (escalatedTo)');
  const taken: DecisionTakenV1 = {
    decisionId: command.decisionId,
    contentType: content.contentType,
    contentId: content.contentId,
    ...(content.postId ? { postId: content.postId } : {}),
    authorId: content.authorId,
    groupId: content.groupId,
    kind,
    reasonCode: command.reasonCode,
    rule: command.rule,
    statement: command.statement,
    appealable: APPEALABLE_KINDS.has(kind),
    moderatorId: command.moderatorId,
    ...(kind === 'restrict' ? { restrictedUntil: command.restrictedUntil! } : {}),
    ...(kind === 'escalate' ? { escalatedTo: command.escalatedTo! } : {}),
  };
  const events: CaseEvent[] = [{ type: 'moderation.decision.taken', version: 1, data: taken }];
  if (kind === 'hide') events.push(...contentDecision('moderation.decision.content-hidden', content, command.decisionId, command.reasonCode, command.statement));
  if (kind === 'remove') events.push(...contentDecision('moderation.decision.content-removed', content, command.decisionId, command.reasonCode, command.statement));
  if (kind === 'restore') events.push(...contentDecision('moderation.decision.content-restored', content, command.decisionId, command.reasonCode, command.statement));
  return events;
}

function decideAppeal(command: DecideAppeal, state: CaseState): CaseEvent[] {
  const decision = state.decisions.get(command.decisionId);
  if (!decision) throw new NotFoundError(CASE_ERRORS.decisionNotFound, 'no such decision');
  if (decision.appeal === 'upheld' || decision.appeal === 'overturned') throw conflict(CASE_ERRORS.noAppeal, `the appeal was decided already (${decision.appeal})`);
  if (decision.appeal !== 'pending') throw conflict(CASE_ERRORS.noAppeal, 'this decision has no pending appeal');
  if (decision.moderatorId === command.moderatorId) throw new ForbiddenError(CASE_ERRORS.sameModerator, 'an appeal is decided by a moderator other than the one who took the decision');
  const content = state.content!;
  ownContent(content, command.moderatorId);
  const events: CaseEvent[] = [
    { type: 'moderation.decision.appeal-decided', version: 1, data: { decisionId: command.decisionId, authorId: content.authorId, outcome: command.outcome, moderatorId: command.moderatorId, statement: command.statement } },
  ];
  // Overturning a hide brings the content back; a removal is final in the feed (documented).
  if (command.outcome === 'overturned' && decision.kind === 'hide' && state.contentState === 'hidden') {
    events.push(...contentDecision('moderation.decision.content-restored', content, command.decisionId, decision.reasonCode, command.statement));
  }
  return events;
}

/**
 * One moderation case per reported item: reports (one per person), the claim, decisions with
 * their statement of reasons and the content decisions the feed applies, and appeals. Pure: the
 * caller checked visibility and who may act (scope) before; this keeps the case's own rules.
 */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  initialState: () => ({ content: null, reporters: new Set(), assignee: null, contentState: 'visible', escalatedTo: null, decisions: new Map() }),
  decide(command, state) {
    if (command.type === 'FileReport') {
      // A second report by the same person counts once: nothing new is stored.
      if (state.reporters.has(command.reporterId)) return [];
      return [{ type: 'moderation.decision.report-filed', version: 1, data: reportData(command.content, { reporterId: command.reporterId }, command.reason, command.text) }];
    }
    if (command.type === 'ReportByRules') {
      // Each rule reports an item once: the same rule matching an edit again adds nothing.
      const seen = new Set(state.reporters);
      const events: CaseEvent[] = [];
      for (const rule of command.rules) {
        if (seen.has(ruleReporter(rule.ruleId))) continue;
        seen.add(ruleReporter(rule.ruleId));
        events.push({ type: 'moderation.decision.report-filed', version: 1, data: reportData(state.content ?? command.content, { ruleId: rule.ruleId }, 'rule', rule.text) });
      }
      return events;
    }
    if (!state.content) throw new NotFoundError(CASE_ERRORS.notFound, 'no moderation case for this content');
    switch (command.type) {
      case 'ClaimCase':
        ownContent(state.content, command.moderatorId);
        if (state.assignee === command.moderatorId) return [];
        if (state.assignee) throw conflict(CASE_ERRORS.claimedByOther, 'another moderator has this case', { assignee: state.assignee });
        return [{ type: 'moderation.decision.claimed', version: 1, data: { moderatorId: command.moderatorId } }];
      case 'AssignCase':
        ownContent(state.content, command.assigneeId);
        if (state.assignee === command.assigneeId) return [];
        if (state.assignee && state.assignee !== command.by && !command.mayReassign) throw conflict(CASE_ERRORS.claimedByOther, 'another moderator has this case', { assignee: state.assignee });
        return [{ type: 'moderation.decision.claimed', version: 1, data: { moderatorId: command.assigneeId, assignedBy: command.by } }];
      case 'ReleaseCase':
        if (!state.assignee) return [];
        if (state.assignee !== command.moderatorId && !command.mayReleaseOthers) throw new ForbiddenError(CASE_ERRORS.notClaimant, 'only the moderator who has the case (or an organisation moderator) releases it');
        return [{ type: 'moderation.decision.released', version: 1, data: { moderatorId: state.assignee } }];
      case 'Decide':
        return decide(command, state);
      case 'Appeal': {
        const decision = state.decisions.get(command.decisionId);
        // Someone other than the author learns nothing: as for a missing decision.
        if (!decision || command.authorId !== state.content.authorId) throw new NotFoundError(CASE_ERRORS.decisionNotFound, 'no such decision');
        if (!decision.appealable) throw conflict(CASE_ERRORS.notAppealable, `a ${decision.kind} decision cannot be appealed`);
        if (decision.appeal !== 'none') throw conflict(CASE_ERRORS.alreadyAppealed, 'a decision is appealed once');
        return [{ type: 'moderation.decision.appealed', version: 1, data: { decisionId: command.decisionId, authorId: command.authorId, text: command.text } }];
      }
      case 'DecideAppeal':
        return decideAppeal(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'moderation.decision.report-filed': {
        const d = event.data;
        const content = state.content ?? { contentType: d.contentType, contentId: d.contentId, ...(d.postId ? { postId: d.postId } : {}), authorId: d.authorId, groupId: d.groupId };
        const reporter = d.reporterId ?? (d.ruleId ? ruleReporter(d.ruleId) : null);
        return { ...state, content, reporters: reporter ? new Set([...state.reporters, reporter]) : state.reporters };
      }
      case 'moderation.decision.claimed':
        return { ...state, assignee: event.data.moderatorId };
      case 'moderation.decision.released':
        return { ...state, assignee: null };
      case 'moderation.decision.taken': {
        const d = event.data;
        const decisions = new Map(state.decisions).set(d.decisionId, { kind: d.kind, moderatorId: d.moderatorId, reasonCode: d.reasonCode, appealable: d.appealable, appeal: 'none' });
        return { ...state, decisions, assignee: null, ...(d.kind === 'escalate' ? { escalatedTo: d.escalatedTo ?? null } : {}) };
      }
      case 'moderation.decision.appealed':
      case 'moderation.decision.appeal-decided': {
        const previous = state.decisions.get(event.data.decisionId);
        if (!previous) return state;
        const appeal = event.type === 'moderation.decision.appealed' ? 'pending' : event.data.outcome;
        return { ...state, decisions: new Map(state.decisions).set(event.data.decisionId, { ...previous, appeal }) };
      }
      case 'moderation.decision.content-hidden':
        return { ...state, contentState: 'hidden' };
      case 'moderation.decision.content-restored':
        return { ...state, contentState: 'visible' };
      case 'moderation.decision.content-removed':
        return { ...state, contentState: 'removed' };
    }
  },
};

/** `<contentType>:<contentId>`: the aggregate id of a case (the Kafka key of its events). */
export const caseId = (contentType: string, contentId: string): string => `${contentType}:${contentId}`;
