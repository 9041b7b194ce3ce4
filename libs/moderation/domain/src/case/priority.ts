import type { ModerationReason } from '@plein/moderation/contracts';

/**
 * Severity of each report reason: the weight it gives a queue item and how soon it is due.
 * The installation chooses which reasons reporters are offered (MODERATION_REPORT_REASONS);
 * the severities are the product's.
 */
export const REASON_SEVERITY: Readonly<Record<ModerationReason, { readonly weight: number; readonly dueWithinHours: number }>> = {
  violence: { weight: 100, dueWithinHours: 2 },
  confidential: { weight: 90, dueWithinHours: 2 },
  hate: { weight: 80, dueWithinHours: 4 },
  harassment: { weight: 70, dueWithinHours: 4 },
  'sexual-content': { weight: 70, dueWithinHours: 4 },
  // A moderator's own flag rule matched: looked at within the working day, after reports of harm.
  rule: { weight: 50, dueWithinHours: 12 },
  misinformation: { weight: 40, dueWithinHours: 24 },
  spam: { weight: 30, dueWithinHours: 24 },
  other: { weight: 20, dueWithinHours: 48 },
  'off-topic': { weight: 10, dueWithinHours: 72 },
};

/** The reasons offered to reporters unless configured otherwise. */
export const DEFAULT_REPORT_REASONS: readonly ModerationReason[] = ['harassment', 'confidential', 'spam', 'off-topic', 'other'];

/** Each further report adds this much, up to REPORT_COUNT_CAP reports (so a pile-on cannot bury a severe item). */
export const REPORT_WEIGHT = 5;
export const REPORT_COUNT_CAP = 10;

/** The most severe of the reasons given (ties: the first). */
export function mostSevere(reasons: readonly ModerationReason[]): ModerationReason {
  return reasons.reduce((a, b) => (REASON_SEVERITY[b].weight > REASON_SEVERITY[a].weight ? b : a));
}

/**
 * A queue item's priority: the severity of its worst reason plus a bounded weight per report.
 * Age orders items of equal priority (older first) and makes them overdue at their due time; it
 * is not folded into the number, so the order of a page is stable while someone pages through it.
 */
export function priorityOf(reasons: readonly ModerationReason[], reportCount: number): number {
  return REASON_SEVERITY[mostSevere(reasons)].weight + REPORT_WEIGHT * Math.min(reportCount, REPORT_COUNT_CAP);
}

/** When the first action is due: first report + the worst reason's due time. */
export function dueAt(firstReportedAt: Date, reasons: readonly ModerationReason[]): Date {
  return new Date(firstReportedAt.getTime() + REASON_SEVERITY[mostSevere(reasons)].dueWithinHours * 3_600_000);
}
