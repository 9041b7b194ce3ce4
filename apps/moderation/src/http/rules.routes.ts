import { z } from 'zod';
import { APPROVAL_NOTE_MAX, ETIQUETTE_MAX, PREMODERATION_DAYS_MAX, PREMODERATION_POSTS_MAX, RULE_ACTIONS, RULE_INPUT_MAX, RULE_MATCH_TYPES, RULE_MESSAGE_MAX, RULE_NAME_MAX, RULE_PATTERN_MAX } from '@plein/moderation/contracts';
import { SCREENING_STATUSES } from '@plein/moderation/application';
import { api, route } from '@plein/shared/platform';

/**
 * Compose-time rules, the dry run and the etiquette. Organisation rules: administrators and
 * organisation moderators; a group's rules (`groupId`): also that group's owners and moderators
 * (anyone else: 404, as for a group without rules). The feed applies the rules itself, from the
 * rule events, on every publish and edit.
 */
const { uuid, text, pageLimit } = api;

const IDEMPOTENCY = [{ name: 'Idempotency-Key', description: 'Repeat the request safely: the same key gives the same answer (1-200 visible ASCII characters).', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } }];
const scopeQuery = z.object({ groupId: uuid().optional().describe('The group whose rules these are; absent: the organisation\'s') });
const ruleBody = z.object({
  name: text(RULE_NAME_MAX, 1).describe('For moderators\' lists; writers never see it'),
  matchType: z.enum(RULE_MATCH_TYPES).describe('keyword: one whole word; phrase: these words in order; both ignore case and accents. regex: RE2 syntax (linear time; no backreferences or lookarounds), case-insensitive'),
  pattern: text(RULE_PATTERN_MAX, 1),
  action: z.enum(RULE_ACTIONS).describe('block: refused with the public message; require-approval: held until a moderator approves it; flag: published and queued for review'),
  publicMessage: text(RULE_MESSAGE_MAX, 1).describe('What the writer reads when the rule matches'),
});
const ruleParams = z.object({ ruleId: uuid() });

export const DEFINE_RULE = route({
  method: 'post',
  path: '/v1/moderation/rules',
  summary: 'Add a compose-time rule to the organisation or to one group (query groupId).',
  description: 'A pattern RE2 does not accept (or a keyword of several words) answers 400 naming body.pattern. At most 100 rules per scope. Idempotency-Key supported.',
  status: 201,
  query: scopeQuery,
  body: ruleBody,
  headers: IDEMPOTENCY,
  errors: [403, 404, 409],
});
export const LIST_RULES = route({
  method: 'get',
  path: '/v1/moderation/rules',
  summary: 'The rules of the organisation or of one group, in the order they were added.',
  query: scopeQuery.extend({ cursor: uuid().optional().describe('`nextCursor` of the previous page'), limit: pageLimit(50) }),
  errors: [403, 404],
});
export const CHANGE_RULE = route({ method: 'put', path: '/v1/moderation/rules/{ruleId}', summary: 'Change a rule (same scope: query groupId as when it was added).', params: ruleParams, query: scopeQuery, body: ruleBody, errors: [403, 404] });
export const RETIRE_RULE = route({ method: 'delete', path: '/v1/moderation/rules/{ruleId}', summary: 'Remove a rule; it stops matching as soon as the feed has the event.', params: ruleParams, query: scopeQuery, status: 204, errors: [403, 404] });
export const CHECK_DRAFT = route({
  method: 'post',
  path: '/v1/moderation/rules/check',
  summary: 'Dry run for clients while someone writes: which rules a draft matches (the organisation\'s and, with groupId, that group\'s), their actions and public messages.',
  description: 'Evaluated with the same matcher the feed uses on publish; regular expressions run in linear time. A group you are not a member of answers 404.',
  body: z.object({ groupId: uuid().optional(), title: text(200).optional(), body: text(RULE_INPUT_MAX) }),
  errors: [404],
});
export const GET_ETIQUETTE = route({ method: 'get', path: '/v1/moderation/etiquette', summary: 'The organisation\'s etiquette (Dutch and English), shown while someone writes; `etiquette` is null until an administrator sets it.' });
export const SET_ETIQUETTE = route({
  method: 'put',
  path: '/v1/moderation/etiquette',
  summary: 'Set the organisation\'s etiquette, at most 140 characters per language (administrators).',
  body: z.object({ nl: text(ETIQUETTE_MAX, 1), en: text(ETIQUETTE_MAX, 1) }),
  errors: [403],
});

const wholeNumber = (max: number) => z.number({ error: `must be a whole number from 0 to ${max}` }).int(`must be a whole number from 0 to ${max}`).min(0, `must be a whole number from 0 to ${max}`).max(max, `must be a whole number from 0 to ${max}`);
export const GET_PREMODERATION = route({ method: 'get', path: '/v1/moderation/premoderation', summary: 'Pre-moderation of new members in the organisation or one group (rule moderators of the scope).', query: scopeQuery, errors: [403, 404] });
export const SET_PREMODERATION = route({
  method: 'put',
  path: '/v1/moderation/premoderation',
  summary: 'Hold the posts of new members for approval: while their first visible post in the scope is younger than newMemberDays (or they have none), or they have fewer than minApprovedPosts visible posts there. 0 and 0: off.',
  query: scopeQuery,
  body: z.object({ newMemberDays: wholeNumber(PREMODERATION_DAYS_MAX), minApprovedPosts: wholeNumber(PREMODERATION_POSTS_MAX) }),
  errors: [403, 404],
});
const screeningParams = z.object({ contentType: z.enum(['post', 'comment']), contentId: uuid() });
export const LIST_SCREENINGS = route({
  method: 'get',
  path: '/v1/moderation/screenings',
  summary: 'Content compose-time rules held for approval or flagged, oldest first (organisation moderators: all; a group\'s owners and moderators: that group\'s).',
  query: z.object({ status: z.enum(SCREENING_STATUSES).default('pending'), groupId: uuid().optional(), cursor: z.string().max(400).regex(/^[\w-]*$/, 'is not a cursor of this list').optional(), limit: pageLimit(20) }),
  errors: [403],
});
const decision = { params: screeningParams, body: z.object({ note: text(APPROVAL_NOTE_MAX, 1).optional().describe('Shown to the author') }), headers: IDEMPOTENCY, errors: [404, 409] } as const;
export const APPROVE_SCREENING = route({ method: 'post', path: '/v1/moderation/screenings/{contentType}/{contentId}/approve', summary: 'Approve screened content: held content is shown to its audience, flagged content stays.', ...decision });
export const REJECT_SCREENING = route({ method: 'post', path: '/v1/moderation/screenings/{contentType}/{contentId}/reject', summary: 'Reject screened content: the feed removes it.', ...decision });

export const RULE_ROUTES = [DEFINE_RULE, LIST_RULES, CHANGE_RULE, RETIRE_RULE, CHECK_DRAFT, GET_ETIQUETTE, SET_ETIQUETTE, GET_PREMODERATION, SET_PREMODERATION, LIST_SCREENINGS, APPROVE_SCREENING, REJECT_SCREENING];
