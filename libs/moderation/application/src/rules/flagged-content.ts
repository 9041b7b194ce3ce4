import type { ContentScreenedV1 } from '@plein/feed/contracts';
import { REPORT_TEXT_MAX } from '@plein/moderation/contracts';
import { caseDecider, caseId, type CaseCommand } from '@plein/moderation/domain';
import { executeCommand, type EventStore, type ReadYourWrites } from '@plein/shared/event-sourcing';
import { causedBy, streamId, type EventEnvelope } from '@plein/shared/kernel';

/** Who files rule reports (the envelope's actor): the system, not a person. */
export const RULE_REPORTER_ACTOR = 'system:moderation';

/** The report text of a rule: its id and the public message the writer was shown. */
export const ruleReportText = (rule: { readonly ruleId: string; readonly publicMessage: string }): string => `Rule ${rule.ruleId}: ${rule.publicMessage}`.slice(0, REPORT_TEXT_MAX);

/**
 * `feed.screening.recorded` with action flag: the content is published, so it becomes (or joins)
 * the case of that content in the review queue, with one system report (reason `rule`) per flag
 * rule that matched. Held content (require-approval) is left to the screenings list. Idempotent:
 * the screening event's id is the causation id (a redelivery appends nothing) and each rule
 * reports an item once.
 */
export async function reportFlaggedContent(deps: { readonly store: EventStore; readonly readYourWrites?: ReadYourWrites }, envelope: EventEnvelope): Promise<'reported' | 'ignored'> {
  if (envelope.type !== 'feed.screening.recorded') return 'ignored';
  const screening = envelope.data as ContentScreenedV1;
  const rules = screening.rules.filter((r) => r.action === 'flag');
  if (screening.action !== 'flag' || screening.held || rules.length === 0) return 'ignored';
  const metadata = causedBy(envelope, RULE_REPORTER_ACTOR);
  const command: CaseCommand = {
    type: 'ReportByRules',
    content: { contentType: screening.contentType, contentId: screening.contentId, postId: screening.postId, authorId: screening.authorId, groupId: screening.groupId },
    rules: rules.map((r) => ({ ruleId: r.ruleId, text: ruleReportText(r) })),
  };
  await executeCommand({
    store: deps.store,
    ...(deps.readYourWrites ? { readYourWrites: deps.readYourWrites } : {}),
    streamId: streamId('decision', caseId(screening.contentType, screening.contentId)),
    decider: caseDecider,
    command,
    metadata,
  });
  return 'reported';
}
