import type { AppealDecidedV1, DecisionAppealedV1, DecisionTakenV1, ModerationReason, ReportFiledV1 } from '@plein/moderation/contracts';
import { dueAt, priorityOf } from '@plein/moderation/domain';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, SequenceGapError, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import type { ModerationTopics } from '../moderation-topics';

/** Versions of the read models of moderation's own events (collection `moderation_<name>_v<N>`). */
export const CASE_READ_MODEL_VERSIONS = { cases: 1, 'case-reports': 1, 'case-decisions': 1 } as const;
export type CaseReadModelName = keyof typeof CASE_READ_MODEL_VERSIONS;

/** The queue document of one case (never deleted; status and counts change). */
export interface CaseDocument {
  _id: string;
  lastSequence: number;
  contentType: string;
  contentId: string;
  postId?: string;
  authorId: string;
  groupId: string | null;
  status: 'open' | 'actioned' | 'escalated' | 'appealed';
  reasons: Partial<Record<ModerationReason, number>>;
  reasonList: ModerationReason[];
  reportCount: number;
  priority: number;
  firstReportedAt: string;
  dueAt: string;
  assignee: string | null;
  contentState: 'visible' | 'hidden' | 'removed';
  escalatedTo: string | null;
  firstActionMs?: number;
}

function nextCase(doc: CaseDocument | null, e: EventEnvelope): Partial<CaseDocument> | null {
  switch (e.type) {
    case 'moderation.decision.report-filed': {
      const r = e.data as ReportFiledV1;
      const reasons = { ...(doc?.reasons ?? {}) };
      reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
      const reasonList = Object.keys(reasons) as ModerationReason[];
      const reportCount = (doc?.reportCount ?? 0) + 1;
      const firstReportedAt = doc?.firstReportedAt ?? e.occurredAt;
      // A new report on an actioned item that is still up puts it back in the queue.
      const reopen = doc && doc.status === 'actioned' && doc.contentState !== 'removed';
      return {
        ...(doc
          ? {}
          : { contentType: r.contentType, contentId: r.contentId, ...(r.postId ? { postId: r.postId } : {}), authorId: r.authorId, groupId: r.groupId, assignee: null, contentState: 'visible', escalatedTo: null, status: 'open' as const }),
        ...(reopen ? { status: 'open' as const } : {}),
        reasons,
        reasonList,
        reportCount,
        firstReportedAt,
        priority: priorityOf(reasonList, reportCount),
        dueAt: dueAt(new Date(firstReportedAt), reasonList).toISOString(),
      };
    }
    case 'moderation.decision.claimed':
      return { assignee: (e.data as { moderatorId: string }).moderatorId };
    case 'moderation.decision.released':
      return { assignee: null };
    case 'moderation.decision.taken': {
      const d = e.data as DecisionTakenV1;
      const firstAction = doc?.firstActionMs === undefined && doc ? { firstActionMs: Date.parse(e.occurredAt) - Date.parse(doc.firstReportedAt) } : {};
      return { ...firstAction, assignee: null, status: d.kind === 'escalate' ? 'escalated' : doc?.status === 'escalated' ? 'escalated' : 'actioned', ...(d.kind === 'escalate' ? { escalatedTo: d.escalatedTo ?? null } : {}) };
    }
    case 'moderation.decision.appealed':
      return { status: 'appealed' };
    case 'moderation.decision.appeal-decided':
      return { status: doc?.escalatedTo ? 'escalated' : 'actioned' };
    case 'moderation.decision.content-hidden':
      return { contentState: 'hidden' };
    case 'moderation.decision.content-restored':
      return { contentState: 'visible' };
    case 'moderation.decision.content-removed':
      return { contentState: 'removed' };
    default:
      return null;
  }
}

/** Folds one case event into its queue document, in stream order (duplicates: no-op; gaps: retriable error). */
export async function applyCase(collection: mongo.Collection<CaseDocument>, e: EventEnvelope): Promise<void> {
  const doc = await collection.findOne({ _id: e.aggregateId });
  const last = doc?.lastSequence ?? 0;
  if (e.sequence <= last) return;
  if (e.sequence !== last + 1) throw new SequenceGapError(e.aggregateId, last + 1, e.sequence);
  await applyInSequence(collection, e.aggregateId, e.sequence, { $set: nextCase(doc, e) ?? {} });
}

/** One row per (case, reporter): what a reporter sees of their own reports. Never shown to authors. */
export interface ReportRow {
  _id: string;
  caseId: string;
  reporterId: string;
  contentType: string;
  contentId: string;
  reason: ModerationReason;
  reportedAt: string;
}

export async function applyReport(collection: mongo.Collection<ReportRow>, e: EventEnvelope): Promise<void> {
  if (e.type !== 'moderation.decision.report-filed') return;
  const r = e.data as ReportFiledV1;
  // A rule's report (the system's) is nobody's own report.
  if (!r.reporterId) return;
  try {
    await collection.insertOne({ _id: `${e.aggregateId}|${r.reporterId}`, caseId: e.aggregateId, reporterId: r.reporterId, contentType: r.contentType, contentId: r.contentId, reason: r.reason, reportedAt: e.occurredAt });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** One row per decision: the statement of reasons and the appeal. */
export interface DecisionRow extends Omit<DecisionTakenV1, 'postId'> {
  _id: string;
  caseId: string;
  decidedAt: string;
  rowSequence: number;
  appeal: 'none' | 'pending' | 'upheld' | 'overturned';
  appealText?: string;
  appealStatement?: string;
  appealDecidedBy?: string;
}

export async function applyDecision(collection: mongo.Collection<DecisionRow>, e: EventEnvelope): Promise<void> {
  if (e.type === 'moderation.decision.taken') {
    const d = e.data as DecisionTakenV1;
    try {
      await collection.insertOne({ ...d, _id: d.decisionId, caseId: e.aggregateId, decidedAt: e.occurredAt, rowSequence: e.sequence, appeal: 'none' });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return;
  }
  let id: string;
  let set: Partial<DecisionRow>;
  if (e.type === 'moderation.decision.appealed') {
    const a = e.data as DecisionAppealedV1;
    id = a.decisionId;
    set = { appeal: 'pending', appealText: a.text };
  } else if (e.type === 'moderation.decision.appeal-decided') {
    const a = e.data as AppealDecidedV1;
    id = a.decisionId;
    set = { appeal: a.outcome, appealStatement: a.statement, appealDecidedBy: a.moderatorId };
  } else {
    return;
  }
  const updated = await collection.updateOne({ _id: id, rowSequence: { $lt: e.sequence } }, { $set: { ...set, rowSequence: e.sequence } });
  if (updated.matchedCount === 1) return;
  // Missing row: its decision has not been applied yet (retried); otherwise a duplicate.
  if (!(await collection.findOne({ _id: id }, { projection: { _id: 1 } }))) throw new SequenceGapError(id, 0, e.sequence);
}

const CASE_APPLY: Record<CaseReadModelName, (collection: mongo.Collection<mongo.Document>, e: EventEnvelope) => Promise<void>> = {
  cases: (c, e) => applyCase(c as unknown as mongo.Collection<CaseDocument>, e),
  'case-reports': (c, e) => applyReport(c as unknown as mongo.Collection<ReportRow>, e),
  'case-decisions': (c, e) => applyDecision(c as unknown as mongo.Collection<DecisionRow>, e),
};

const CASE_INDEXES: Record<CaseReadModelName, Record<string, 1 | -1>[]> = {
  cases: [{ status: 1, priority: -1, firstReportedAt: 1, _id: 1 }, { groupId: 1, status: 1 }, { reasonList: 1 }],
  'case-reports': [{ reporterId: 1, reportedAt: -1, _id: -1 }],
  'case-decisions': [{ authorId: 1, decidedAt: -1, _id: -1 }, { kind: 1 }],
};

export const caseReadModelNames = Object.keys(CASE_READ_MODEL_VERSIONS) as CaseReadModelName[];

/** Applies a case event to one of the case read models (the projections and read-your-writes share it). */
export const applyCaseEvent = (name: CaseReadModelName, collection: mongo.Collection<mongo.Document>, e: EventEnvelope): Promise<void> => CASE_APPLY[name](collection, e);

export function caseProjections(topics: ModerationTopics): ProjectionDefinition[] {
  return caseReadModelNames.map((name) =>
    defineProjection({
      name,
      version: CASE_READ_MODEL_VERSIONS[name],
      topics: [topics.decision],
      aggregateTypes: ['decision'],
      async setup(ctx: MongoProjectionContext) {
        for (const key of CASE_INDEXES[name]) await ctx.collection.createIndex(key);
      },
      async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
        await applyCaseEvent(name, ctx.collection, envelope);
      },
    }),
  );
}
