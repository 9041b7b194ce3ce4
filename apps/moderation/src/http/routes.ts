import { z } from 'zod';
import { APPEAL_OUTCOMES, DECISION_KINDS, ESCALATION_TARGETS, MODERATION_REASONS, REPORT_TEXT_MAX, REPORTABLE_CONTENT_TYPES, RULE_MAX, STATEMENT_MAX } from '@plein/moderation/contracts';
import { CASE_STATUSES } from '@plein/moderation/application';
import { api, route } from '@plein/shared/platform';

/**
 * Every moderation route, declared once: controllers validate with these and GET /openapi.json is
 * generated from them. Content or cases outside the caller's view answer 404 as if missing.
 */
const { uuid, text, dateTime, pageLimit } = api;

const IDEMPOTENCY = [{ name: 'Idempotency-Key', description: 'Repeat the request safely: the same key gives the same answer (1-200 visible ASCII characters).', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } }];
const cursorPage = z.object({
  cursor: z.string().max(400).regex(/^[\w-]*$/, 'is not a cursor of this list').optional().describe('`nextCursor` of the previous page'),
  limit: pageLimit(20),
});
const caseParams = z.object({ contentType: z.enum(REPORTABLE_CONTENT_TYPES), contentId: uuid() });
const decisionParams = z.object({ decisionId: uuid() });
const reason = z.enum(MODERATION_REASONS);

export const REPORT = route({
  method: 'post',
  path: '/v1/moderation/reports',
  summary: 'Report a post, comment or profile you can see. A second report of yours on the same item counts once.',
  description: 'The reason must be one the installation offers (MODERATION_REPORT_REASONS); `other` needs a text. Content you cannot see answers 404 like missing content. The author never learns who reported.',
  status: 201,
  body: z.object({ contentType: z.enum(REPORTABLE_CONTENT_TYPES), contentId: uuid(), reason, text: text(REPORT_TEXT_MAX, 1).optional() }),
  headers: IDEMPOTENCY,
  errors: [404],
});
export const REPORT_REASONS = route({
  method: 'get',
  path: '/v1/moderation/reports/reasons',
  summary: 'The reasons you can report with: this installation\'s list (MODERATION_REPORT_REASONS), in its order; `textRequired` for `other`.',
});
export const MY_REPORTS = route({ method: 'get', path: '/v1/moderation/reports/mine', summary: 'Your reports with the status of their case, newest first.', query: cursorPage });
export const QUEUE = route({
  method: 'get',
  path: '/v1/moderation/queue',
  summary: 'The review queue: one item per reported content, highest priority first (reason severity and report count; older first), with due time and overdue flag.',
  description: 'Organisation moderators see every item; a group\'s owners and moderators see only that group\'s items (escalated ones go to organisation moderators). Anyone else: 403.',
  query: cursorPage.extend({ status: z.enum(CASE_STATUSES).default('open'), reason: reason.optional(), groupId: uuid().optional() }),
  errors: [403],
});
export const GET_CASE = route({ method: 'get', path: '/v1/moderation/cases/{contentType}/{contentId}', summary: 'One queue item; 404 outside your moderation scope.', params: caseParams, errors: [404] });
export const CLAIM = route({ method: 'post', path: '/v1/moderation/cases/{contentType}/{contentId}/claim', summary: 'Take the case (409 when another moderator has it; 403 MODERATION.OWN_CONTENT for its author).', params: caseParams, errors: [403, 404, 409] });
export const ASSIGN = route({
  method: 'post',
  path: '/v1/moderation/cases/{contentType}/{contentId}/assign',
  summary: 'Hand the case to a moderator of it (400 naming body.moderatorId otherwise); organisation moderators may take it from whoever has it.',
  params: caseParams,
  body: z.object({ moderatorId: uuid() }),
  errors: [404, 409],
});
export const RELEASE = route({ method: 'post', path: '/v1/moderation/cases/{contentType}/{contentId}/release', summary: 'Give the case back to the queue (its claimant, or an organisation moderator).', params: caseParams, errors: [403, 404] });
export const DECIDE = route({
  method: 'post',
  path: '/v1/moderation/cases/{contentType}/{contentId}/decisions',
  summary: 'Decide: keep, hide (reversible), restore, remove, warn or restrict the author, escalate to HR or legal. Carries a statement of reasons.',
  description: 'hide, remove and restore change what the feed shows. restrict needs `restrictedUntil` in the future; escalate needs `escalatedTo`. Nobody decides about their own content (403 MODERATION.OWN_CONTENT). Idempotency-Key supported.',
  status: 201,
  params: caseParams,
  body: z.object({
    kind: z.enum(DECISION_KINDS),
    reasonCode: reason,
    rule: text(RULE_MAX, 1),
    statement: text(STATEMENT_MAX, 1),
    restrictedUntil: dateTime().optional(),
    escalatedTo: z.enum(ESCALATION_TARGETS).optional(),
  }),
  headers: IDEMPOTENCY,
  errors: [403, 404, 409],
});
export const MY_DECISIONS = route({ method: 'get', path: '/v1/moderation/decisions/mine', summary: 'Decisions about your content, with their statement of reasons and what you can do next, newest first.', query: cursorPage });
export const GET_DECISION = route({ method: 'get', path: '/v1/moderation/decisions/{decisionId}', summary: 'A decision: for its author and moderators in scope; 404 for others.', params: decisionParams, errors: [404] });
export const APPEAL = route({
  method: 'post',
  path: '/v1/moderation/decisions/{decisionId}/appeal',
  summary: 'Appeal a decision about your content, once.',
  params: decisionParams,
  body: z.object({ text: text(REPORT_TEXT_MAX, 1) }),
  headers: IDEMPOTENCY,
  errors: [404, 409],
});
export const DECIDE_APPEAL = route({
  method: 'post',
  path: '/v1/moderation/decisions/{decisionId}/appeal/decision',
  summary: 'Decide an appeal (a moderator other than the original decider and the author: 403 otherwise). Overturning a hide restores the content.',
  params: decisionParams,
  body: z.object({ outcome: z.enum(APPEAL_OUTCOMES), statement: text(STATEMENT_MAX, 1) }),
  headers: IDEMPOTENCY,
  errors: [403, 404, 409],
});
export const METRICS = route({
  method: 'get',
  path: '/v1/moderation/metrics',
  summary: 'Queue size, time to first action, decisions by kind, appeals overturned: the organisation (organisation moderators) or, with groupId, one group over the cases its queue shows you (its owners and moderators).',
  query: z.object({ groupId: uuid().optional() }),
  errors: [403, 404],
});
export const AUDIT_EXPORT = route({
  method: 'get',
  path: '/v1/moderation/audit/export',
  summary: 'The audit log as JSON Lines or CSV, streamed in sequence order (administrators).',
  description: 'At most `limit` entries after `afterSeq`; the `Plein-Next-After-Seq` header gives the next page\'s `afterSeq` when more may follow.',
  query: z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl'), afterSeq: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').default(0), limit: pageLimit(1000, 10_000) }),
  response: { contentType: 'application/jsonl', description: 'One entry per line (text/csv with format=csv).' },
  errors: [403],
});
export const AUDIT_VERIFY = route({ method: 'post', path: '/v1/moderation/audit/verify', summary: 'Verify the hash chain: finds any edited, removed or reordered entry (administrators).', errors: [403] });
export const AUDIT_PURGE = route({ method: 'post', path: '/v1/moderation/audit/purge', summary: 'Purge entries older than the retention period, up to the first under legal hold; records a checkpoint (administrators).', errors: [403] });
const holdParams = z.object({ subject: z.string().regex(/^[\w.:-]{1,200}$/, 'is a case (post:<id>), a person id or another audit subject') });
export const HOLD = route({ method: 'put', path: '/v1/moderation/audit/holds/{subject}', summary: 'Place a legal hold: entries about this subject are never purged (administrators).', params: holdParams, status: 204, errors: [403] });
export const LIFT_HOLD = route({ method: 'delete', path: '/v1/moderation/audit/holds/{subject}', summary: 'Lift a legal hold (administrators).', params: holdParams, status: 204, errors: [403] });

export const MODERATION_ROUTES = [REPORT, REPORT_REASONS, MY_REPORTS, QUEUE, GET_CASE, CLAIM, ASSIGN, RELEASE, DECIDE, MY_DECISIONS, GET_DECISION, APPEAL, DECIDE_APPEAL, METRICS, AUDIT_EXPORT, AUDIT_VERIFY, AUDIT_PURGE, HOLD, LIFT_HOLD];
