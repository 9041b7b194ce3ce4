import type { AppealOutcome, DecisionKind, EscalationTarget, ModerationReason, ReportableContentType } from '@plein/moderation/contracts';
import type { AudienceFacts, AuditEntry, ChainVerification, ContentFacts, ModeratorScope } from '@plein/moderation/domain';
import type { EventStore, ReadYourWrites, RequestContext } from '@plein/shared/event-sourcing';
import type { Clock } from '@plein/shared/kernel';

/** The caller as the platform token says: id and identity roles. */
export type ModerationContext = RequestContext<{ readonly userId: string; readonly roles: readonly string[] }>;

/** A page of a list: at most `limit` items and the cursor of the next page (null: last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
export interface PageRequest {
  /** Opaque; one this service did not issue answers 400 naming `query.cursor`. */
  readonly cursor?: string;
  /** 1..100. */
  readonly limit: number;
}

/** What moderation knows of feed content, groups, memberships and follows (projections of feed's events). */
export interface AudienceReadModel {
  /** The content with its audience, or null when moderation has not seen it (or it is not feed content). */
  content(contentType: 'post' | 'comment', contentId: string): Promise<(AudienceFacts & { readonly postId: string }) | null>;
  /** Active memberships of a person: group id to role. */
  memberships(userId: string): Promise<ReadonlyMap<string, string>>;
  follows(followerId: string, userId: string): Promise<boolean>;
  /** Whether identity knows this person (and has not deleted them): profiles are reportable then. */
  personExists(userId: string): Promise<boolean>;
  /** A person's identity roles: none when identity has not told moderation about them yet, null when deactivated or deleted. */
  roles(userId: string): Promise<readonly string[] | null>;
}

export type CaseStatus = 'open' | 'actioned' | 'escalated' | 'appealed';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'actioned', 'escalated', 'appealed'];

/** One review queue item: the case of one reported piece of content. Reporter ids are not part of it. */
export interface QueueItem {
  readonly caseId: string;
  readonly contentType: ReportableContentType;
  readonly contentId: string;
  readonly postId?: string;
  readonly authorId: string;
  readonly groupId: string | null;
  readonly status: CaseStatus;
  readonly reportCount: number;
  /** Reports per reason. */
  readonly reasons: Readonly<Partial<Record<ModerationReason, number>>>;
  readonly priority: number;
  readonly firstReportedAt: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly assignee: string | null;
  readonly contentState: 'visible' | 'hidden' | 'removed';
  readonly escalatedTo: EscalationTarget | null;
}

export interface QueueFilter {
  readonly status?: CaseStatus;
  readonly reason?: ModerationReason;
  readonly groupId?: string;
}

export interface MyReport {
  readonly contentType: ReportableContentType;
  readonly contentId: string;
  readonly reason: ModerationReason;
  readonly reportedAt: string;
  readonly status: CaseStatus;
}

/** A decision with its statement of reasons, as its author reads it (no reporter ids, no report texts). */
export interface DecisionView {
  readonly decisionId: string;
  readonly caseId: string;
  readonly contentType: ReportableContentType;
  readonly contentId: string;
  readonly authorId: string;
  readonly groupId: string | null;
  readonly kind: DecisionKind;
  readonly reasonCode: ModerationReason;
  readonly rule: string;
  readonly statement: string;
  readonly decidedAt: string;
  readonly moderatorId: string;
  readonly restrictedUntil?: string;
  readonly escalatedTo?: EscalationTarget;
  readonly appealable: boolean;
  readonly appeal: { readonly status: 'none' | 'pending' | AppealOutcome; readonly statement?: string };
  /** What the author can do next. */
  readonly nextSteps: string;
}

export interface ModerationMetrics {
  readonly queue: { readonly open: number; readonly overdue: number; readonly escalated: number; readonly appealed: number };
  readonly timeToFirstActionMs: { readonly count: number; readonly average: number | null; readonly max: number | null };
  readonly decisionsByKind: Readonly<Partial<Record<DecisionKind, number>>>;
  readonly appeals: { readonly decided: number; readonly overturned: number };
}

export interface CaseReadModel {
  queue(scope: ModeratorScope, filter: QueueFilter, page: PageRequest, now: Date): Promise<Page<QueueItem>>;
  case(caseId: string, now: Date): Promise<QueueItem | null>;
  myReports(reporterId: string, page: PageRequest): Promise<Page<MyReport>>;
  decision(decisionId: string): Promise<DecisionView | null>;
  decisionsAbout(authorId: string, page: PageRequest): Promise<Page<DecisionView>>;
  /** The organisation's metrics, or (with `group`) those of one group's cases as that scope's queue shows them. */
  metrics(now: Date, group?: { readonly groupId: string; readonly scope: ModeratorScope }): Promise<ModerationMetrics>;
}

/** The append-only, hash-chained audit log. */
export interface AuditLog {
  verify(): Promise<ChainVerification>;
  /** Entries with seq > afterSeq in order, at most `limit`. */
  entries(afterSeq: number, limit: number): AsyncIterable<AuditEntry>;
  /** The `afterSeq` of the page after `entries(afterSeq, limit)`, or null when that page is the last. */
  nextAfter(afterSeq: number, limit: number): Promise<number | null>;
  /** Purges the oldest entries before `before` up to the first one under legal hold; answers how many. */
  purge(before: Date, actorId: string): Promise<{ readonly purged: number; readonly throughSeq: number | null }>;
  hold(subject: string, actorId: string, on: boolean): Promise<void>;
}

export interface ModerationDeps {
  readonly store: EventStore;
  readonly readYourWrites?: ReadYourWrites;
  readonly audience: AudienceReadModel;
  readonly cases: CaseReadModel;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Report reasons offered to reporters (installation setting). */
  readonly reportReasons: readonly ModerationReason[];
  /** How long audit entries are kept (days); entries under legal hold are kept regardless. */
  readonly auditRetentionDays: number;
}

export type { ContentFacts };
