/**
 * Moderation's answers as the client reads them (apps/moderation/src/http/routes.ts,
 * libs/moderation/application/src/ports.ts), only the fields it uses. Every path goes through the
 * gateway: `/api/moderation/v1/moderation/...`.
 */
export const MODERATION_REASONS = ['spam', 'harassment', 'hate', 'violence', 'sexual-content', 'misinformation', 'confidential', 'off-topic', 'other', 'rule'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];
export type ContentType = 'post' | 'comment' | 'profile';
export type CaseStatus = 'open' | 'actioned' | 'escalated' | 'appealed';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'actioned', 'escalated', 'appealed'];
/** The decisions this client offers (warn, restrict and escalate need more than a form row: later). */
export const OFFERED_DECISIONS = ['hide', 'restore', 'remove', 'keep'] as const;
export type OfferedDecision = (typeof OFFERED_DECISIONS)[number];
export const REPORT_TEXT_MAX = 1000;
export const STATEMENT_MAX = 2000;
export const RULE_MAX = 200;

export interface ReportReasons {
  readonly reasons: readonly { readonly code: string; readonly textRequired: boolean }[];
}

export interface ReportAnswer {
  readonly caseId: string;
  /** False when this person had reported the item already: it counts once. */
  readonly counted: boolean;
}

export interface CasePage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** One review-queue item: the case of one reported piece of content. It names no reporter. */
export interface QueueItem {
  readonly caseId: string;
  readonly contentType: ContentType;
  readonly contentId: string;
  readonly postId?: string;
  readonly authorId: string;
  readonly groupId: string | null;
  readonly status: CaseStatus;
  readonly reportCount: number;
  readonly reasons: Readonly<Partial<Record<string, number>>>;
  readonly firstReportedAt: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly assignee: string | null;
  readonly contentState: 'visible' | 'hidden' | 'removed';
  readonly escalatedTo: string | null;
}

export interface DecisionView {
  readonly decisionId: string;
  readonly contentType: ContentType;
  readonly contentId: string;
  readonly kind: string;
  readonly reasonCode: string;
  readonly rule: string;
  readonly statement: string;
  readonly decidedAt: string;
  readonly moderatorId: string;
  readonly appealable: boolean;
  readonly appeal: { readonly status: 'none' | 'pending' | 'upheld' | 'overturned'; readonly statement?: string };
  readonly nextSteps: string;
}

export interface MyReport {
  readonly contentType: ContentType;
  readonly contentId: string;
  readonly reason: string;
  readonly reportedAt: string;
  readonly status: CaseStatus;
}
