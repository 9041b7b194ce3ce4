import type {
  AudienceReadModel,
  CaseReadModel,
  DecisionView,
  ModerationMetrics,
  MyReport,
  Page,
  PageRequest,
  QueueFilter,
  QueueItem,
} from '@plein/moderation/application';
import { ESCALATION_TARGETS } from '@plein/moderation/contracts';
import { inScope, type AudienceFacts, type ModeratorScope } from '@plein/moderation/domain';
import type { ProjectionRegistry } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import type { CaseDocument, DecisionRow, ReportRow } from '../projections/case.projections';
import { decodeCursor, encodeCursor } from './cursor';

/** Resolves a projection's active collection (`moderation_<name>_v<active>`), following rebuilds. */
export class ModerationCollections {
  constructor(readonly registry: ProjectionRegistry) {}
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  of<T extends mongo.Document = any>(name: string): Promise<mongo.Collection<T>> {
    return this.registry.activeCollection<T>(name);
  }
}

interface ContentDoc {
  _id: string;
  postId: string;
  authorId: string;
  audience: AudienceFacts['audience'];
  deleted?: boolean;
  hidden?: boolean;
}

export class MongoAudienceReadModel implements AudienceReadModel {
  constructor(private readonly collections: ModerationCollections) {}

  async content(contentType: 'post' | 'comment', contentId: string): Promise<(AudienceFacts & { postId: string }) | null> {
    const doc = await (await this.collections.of<ContentDoc & { contentType: string }>('content')).findOne({ _id: contentId, contentType });
    if (!doc?.audience) return null;
    let groupVisibility: AudienceFacts['groupVisibility'];
    if (doc.audience.kind === 'group') {
      const group = await (await this.collections.of<{ _id: string; visibility?: 'open' | 'closed' | 'secret' }>('groups')).findOne({ _id: doc.audience.groupId });
      groupVisibility = group?.visibility;
    }
    return { postId: doc.postId, authorId: doc.authorId, audience: doc.audience, ...(groupVisibility ? { groupVisibility } : {}), deleted: doc.deleted === true, hidden: doc.hidden === true };
  }

  async memberships(userId: string): Promise<ReadonlyMap<string, string>> {
    // A person is in a bounded number of groups; 1,000 is far above any real membership count.
    const rows = await (await this.collections.of<{ _id: string; groupId: string; role: string }>('memberships')).find({ userId, active: true }).limit(1000).toArray();
    return new Map(rows.map((r) => [r.groupId, r.role]));
  }

  async follows(followerId: string, userId: string): Promise<boolean> {
    return (await (await this.collections.of('follows')).countDocuments({ followerId, userId, active: true }, { limit: 1 })) > 0;
  }

  async personExists(userId: string): Promise<boolean> {
    return (await (await this.collections.of('people')).countDocuments({ _id: userId, exists: true }, { limit: 1 })) > 0;
  }

  async roles(userId: string): Promise<readonly string[] | null> {
    const person = await (await this.collections.of<{ _id: string; active?: boolean; roles?: string[] }>('people')).findOne({ _id: userId });
    if (!person) return [];
    return person.active ? (person.roles ?? []) : null;
  }
}

const queueItem = (doc: CaseDocument, now: Date): QueueItem => ({
  caseId: doc._id,
  contentType: doc.contentType as QueueItem['contentType'],
  contentId: doc.contentId,
  ...(doc.postId ? { postId: doc.postId } : {}),
  authorId: doc.authorId,
  groupId: doc.groupId,
  status: doc.status,
  reportCount: doc.reportCount,
  reasons: doc.reasons,
  priority: doc.priority,
  firstReportedAt: doc.firstReportedAt,
  dueAt: doc.dueAt,
  overdue: doc.status === 'open' && Date.parse(doc.dueAt) < now.getTime(),
  assignee: doc.assignee,
  contentState: doc.contentState,
  escalatedTo: (doc.escalatedTo as QueueItem['escalatedTo']) ?? null,
});

export const APPEAL_NEXT_STEPS = 'You can appeal this decision once, with a short explanation; a different moderator reviews it.';

const decisionView = (row: DecisionRow): DecisionView => ({
  decisionId: row._id,
  caseId: row.caseId,
  contentType: row.contentType,
  contentId: row.contentId,
  authorId: row.authorId,
  groupId: row.groupId,
  kind: row.kind,
  reasonCode: row.reasonCode,
  rule: row.rule,
  statement: row.statement,
  decidedAt: row.decidedAt,
  moderatorId: row.moderatorId,
  ...(row.restrictedUntil ? { restrictedUntil: row.restrictedUntil } : {}),
  ...(row.escalatedTo ? { escalatedTo: row.escalatedTo } : {}),
  appealable: row.appealable,
  appeal: { status: row.appeal, ...(row.appealStatement ? { statement: row.appealStatement } : {}) },
  nextSteps: !row.appealable ? 'No action is needed from you.' : row.appeal === 'none' ? APPEAL_NEXT_STEPS : row.appeal === 'pending' ? 'Your appeal is being reviewed.' : 'Your appeal was decided; this is final.',
});

/** Pages newest first by (time, id): the cursor is the last item's pair. */
async function newestFirst<D extends { _id: string }>(collection: mongo.Collection<D>, filter: mongo.Filter<D>, timeField: keyof D & string, page: PageRequest): Promise<{ docs: D[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, ['string', 'string'] as const);
  const range = after ? { $or: [{ [timeField]: { $lt: after[0] } }, { [timeField]: after[0], _id: { $lt: after[1] } }] } : {};
  const docs = (await collection
    .find({ $and: [filter, range] } as mongo.Filter<D>)
    .sort({ [timeField]: -1, _id: -1 })
    .limit(page.limit + 1)
    .toArray()) as D[];
  const more = docs.length > page.limit;
  const pageDocs = docs.slice(0, page.limit);
  const last = pageDocs[pageDocs.length - 1];
  return { docs: pageDocs, nextCursor: more && last ? encodeCursor([String(last[timeField]), last._id]) : null };
}

/**
 * The cases a scope covers (inScope as a query): escalated cases only for the scopes with
 * escalations (HR/legal, administrators); group moderators their groups' other cases.
 */
/** Escalated cases of one group a group view leaves out of its decision counts, at most. */
const ESCALATED_PER_GROUP_BOUND = 10_000;

export function scopeFilter(scope: ModeratorScope): mongo.Filter<CaseDocument>[] {
  const escalated: mongo.Filter<CaseDocument> = { escalatedTo: { $in: [...ESCALATION_TARGETS] } };
  switch (scope.kind) {
    case 'none':
      return [{ _id: { $in: [] } }];
    case 'escalations':
      return [escalated];
    case 'organisation':
      return scope.escalations ? [] : [{ escalatedTo: null }];
    case 'groups': {
      const own: mongo.Filter<CaseDocument> = { groupId: { $in: [...scope.groupIds] }, escalatedTo: null };
      return [scope.escalations ? { $or: [own, escalated] } : own];
    }
  }
}

export class MongoCaseReadModel implements CaseReadModel {
  constructor(private readonly collections: ModerationCollections) {}

  private cases = () => this.collections.of<CaseDocument>('cases');
  private decisions = () => this.collections.of<DecisionRow>('case-decisions');

  async queue(scope: ModeratorScope, filter: QueueFilter, page: PageRequest, now: Date): Promise<Page<QueueItem>> {
    if (scope.kind === 'none') return { items: [], nextCursor: null };
    const clauses: mongo.Filter<CaseDocument>[] = [{ status: filter.status ?? 'open' }];
    if (filter.reason) clauses.push({ reasonList: filter.reason });
    if (filter.groupId) clauses.push({ groupId: filter.groupId });
    clauses.push(...scopeFilter(scope));
    const after = decodeCursor(page.cursor, ['number', 'string', 'string'] as const);
    if (after) {
      const [p, t, id] = after;
      clauses.push({ $or: [{ priority: { $lt: p } }, { priority: p, firstReportedAt: { $gt: t } }, { priority: p, firstReportedAt: t, _id: { $gt: id } }] });
    }
    const docs = await (await this.cases()).find({ $and: clauses }).sort({ priority: -1, firstReportedAt: 1, _id: 1 }).limit(page.limit + 1).toArray();
    const items = docs.slice(0, page.limit).map((d) => queueItem(d, now));
    const last = items[items.length - 1];
    return { items, nextCursor: docs.length > page.limit && last ? encodeCursor([last.priority, last.firstReportedAt, last.caseId]) : null };
  }

  async case(caseId: string, now: Date): Promise<QueueItem | null> {
    const doc = await (await this.cases()).findOne({ _id: caseId });
    return doc ? queueItem(doc, now) : null;
  }

  async myReports(reporterId: string, page: PageRequest): Promise<Page<MyReport>> {
    const { docs, nextCursor } = await newestFirst(await this.collections.of<ReportRow>('case-reports'), { reporterId }, 'reportedAt', page);
    const statuses = new Map((await (await this.cases()).find({ _id: { $in: docs.map((d) => d.caseId) } }, { projection: { status: 1 } }).toArray()).map((c) => [c._id, c.status]));
    const items = docs.map((d) => ({ contentType: d.contentType as MyReport['contentType'], contentId: d.contentId, reason: d.reason, reportedAt: d.reportedAt, status: statuses.get(d.caseId) ?? 'open' }));
    return { items, nextCursor };
  }

  async decision(decisionId: string): Promise<DecisionView | null> {
    const row = await (await this.decisions()).findOne({ _id: decisionId });
    return row ? decisionView(row) : null;
  }

  async decisionsAbout(authorId: string, page: PageRequest): Promise<Page<DecisionView>> {
    const { docs, nextCursor } = await newestFirst(await this.decisions(), { authorId }, 'decidedAt', page);
    return { items: docs.map(decisionView), nextCursor };
  }

  async metrics(now: Date, group?: { readonly groupId: string; readonly scope: ModeratorScope }): Promise<ModerationMetrics> {
    const cases = await this.cases();
    const decisions = await this.decisions();
    // The organisation's view counts every case; a group's view the cases of that group its queue shows the caller.
    const caseScope: mongo.Filter<CaseDocument> = group ? { $and: [{ groupId: group.groupId }, ...scopeFilter(group.scope)] } : {};
    let decisionScope: mongo.Filter<DecisionRow> = {};
    if (group) {
      const hidden = inScope(group.scope, group.groupId, true)
        ? []
        : (await cases.find({ groupId: group.groupId, escalatedTo: { $in: [...ESCALATION_TARGETS] } }, { projection: { _id: 1 } }).limit(ESCALATED_PER_GROUP_BOUND).toArray()).map((c) => c._id);
      decisionScope = { groupId: group.groupId, ...(hidden.length > 0 ? { caseId: { $nin: hidden } } : {}) };
    }
    const withScope = (f: mongo.Filter<CaseDocument>): mongo.Filter<CaseDocument> => (group ? { $and: [caseScope, f] } : f);
    const [open, overdue, escalated, appealed] = await Promise.all([
      cases.countDocuments(withScope({ status: 'open' })),
      cases.countDocuments(withScope({ status: 'open', dueAt: { $lt: now.toISOString() } })),
      cases.countDocuments(withScope({ status: 'escalated' })),
      cases.countDocuments(withScope({ status: 'appealed' })),
    ]);
    const acted = withScope({ firstActionMs: { $exists: true } });
    // Sums are counted by the server; the slowest is the top of a sort ($max is not in FerretDB's $group).
    const [sums] = await cases.aggregate<{ count: number; total: number }>([{ $match: acted }, { $group: { _id: null, count: { $sum: 1 }, total: { $sum: '$firstActionMs' } } }]).toArray();
    const [slowest] = await cases.find(acted, { projection: { firstActionMs: 1 } }).sort({ firstActionMs: -1 }).limit(1).toArray();
    const firstAction = sums && slowest ? { ...sums, max: slowest.firstActionMs ?? 0 } : undefined;
    const byKind = await decisions.aggregate<{ _id: string; n: number }>([{ $match: decisionScope }, { $group: { _id: '$kind', n: { $sum: 1 } } }]).toArray();
    const [decided, overturned] = await Promise.all([
      decisions.countDocuments({ ...decisionScope, appeal: { $in: ['upheld', 'overturned'] } }),
      decisions.countDocuments({ ...decisionScope, appeal: 'overturned' }),
    ]);
    return {
      queue: { open, overdue, escalated, appealed },
      timeToFirstActionMs: firstAction ? { count: firstAction.count, average: Math.round(firstAction.total / firstAction.count), max: firstAction.max } : { count: 0, average: null, max: null },
      decisionsByKind: Object.fromEntries(byKind.map((k) => [k._id, k.n])),
      appeals: { decided, overturned },
    };
  }
}
