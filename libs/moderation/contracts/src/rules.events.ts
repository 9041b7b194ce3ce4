import { defineEvent, defineTopic, object, oneOfStrings, text, topicName, uuid } from '@plein/shared/contracts';
import { RE2JS } from 're2js';

/**
 * Compose-time rules: what the organisation's (or one group's) moderators want checked while
 * someone writes. The aggregate is the rule set of ONE scope, keyed `organisation` or
 * `group:<groupId>`, so every change of one scope stays in order on one partition. Moderation
 * produces these events; the feed projects them into its own rule set and evaluates it locally on
 * every publish and edit (no call to moderation per post).
 *
 * The meaning of a rule is part of its contract: `compileRule` below is the one matcher both the
 * moderation dry run and the feed use, so both answer the same for the same text.
 */
export const moderationRuleTopic = defineTopic({
  name: topicName('moderation', 'rule', 1),
  aggregateType: 'rule',
  description: 'Compose-time rules (keyword, phrase, regular expression; block, require approval, flag) and the etiquette text. The feed projects them and evaluates them locally on publish and edit.',
  key: {
    description: '`organisation` or `group:<groupId>`: the rule set of one scope.',
    example: 'organisation',
  },
});

export const RULE_MATCH_TYPES = ['keyword', 'phrase', 'regex'] as const;
export type RuleMatchType = (typeof RULE_MATCH_TYPES)[number];
export const RULE_ACTIONS = ['block', 'require-approval', 'flag'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type RuleScope = { readonly kind: 'organisation' } | { readonly kind: 'group'; readonly groupId: string };

/** Longest pattern (characters). */
export const RULE_PATTERN_MAX = 500;
export const RULE_MESSAGE_MAX = 280;
export const RULE_NAME_MAX = 100;
/** Rules per scope (organisation, or one group). */
export const RULES_PER_SCOPE_MAX = 100;
/** Etiquette text per language. */
export const ETIQUETTE_MAX = 140;
/** Longest text a rule is evaluated against (a post's title and body are within it). */
export const RULE_INPUT_MAX = 50_000;

/** The aggregate id of a scope's rule set. */
export const ruleSetId = (scope: RuleScope): string => (scope.kind === 'organisation' ? 'organisation' : `group:${scope.groupId}`);

export interface RuleDefinedV1 {
  ruleId: string;
  scope: RuleScope;
  /** For moderators' lists; never shown to writers. */
  name: string;
  matchType: RuleMatchType;
  pattern: string;
  action: RuleAction;
  /** What the writer reads when the rule matches (block: why it cannot be published). */
  publicMessage: string;
  definedBy: string;
}
export interface RuleRetiredV1 {
  ruleId: string;
  retiredBy: string;
}
/** Pre-moderation of new members in a scope: their posts are held for approval. 0 and 0: off. */
export interface PremoderationChangedV1 {
  /** Held while the person's first visible post in the scope is younger than this many days (or they have none). */
  newMemberDays: number;
  /** Held while the person has fewer visible (published, approved) posts in the scope than this. */
  minApprovedPosts: number;
  changedBy: string;
}
export const PREMODERATION_DAYS_MAX = 365;
export const PREMODERATION_POSTS_MAX = 100;
export interface EtiquetteChangedV1 {
  nl: string;
  en: string;
  changedBy: string;
}

const base = { aggregateType: 'rule', topic: moderationRuleTopic, version: 1 } as const;
const RULE = '01964b1e-0000-7000-8000-000000000601';
const ADMIN = '01964b1e-0000-7000-8000-000000000102';
const scopeSchema = {
  oneOf: [
    object({ kind: { const: 'organisation' } }, ['kind']),
    object({ kind: { const: 'group' }, groupId: uuid() }, ['kind', 'groupId']),
  ],
};

export const ruleDefinedV1 = defineEvent<RuleDefinedV1>({
  ...base,
  type: 'moderation.rule.defined',
  description: 'A rule was added to a scope, or changed (same ruleId: the new definition replaces the old one).',
  schema: object(
    {
      ruleId: uuid(),
      scope: scopeSchema,
      name: text(RULE_NAME_MAX),
      matchType: oneOfStrings(RULE_MATCH_TYPES),
      pattern: text(RULE_PATTERN_MAX),
      action: oneOfStrings(RULE_ACTIONS),
      publicMessage: text(RULE_MESSAGE_MAX),
      definedBy: uuid(),
    },
    ['ruleId', 'scope', 'name', 'matchType', 'pattern', 'action', 'publicMessage', 'definedBy'],
  ),
  example: {
    ruleId: RULE,
    scope: { kind: 'organisation' },
    name: 'Customer data',
    matchType: 'phrase',
    pattern: 'klantnummer',
    action: 'block',
    publicMessage: 'Customer numbers stay in the CRM: remove it and link the record instead.',
    definedBy: ADMIN,
  },
});

export const ruleRetiredV1 = defineEvent<RuleRetiredV1>({
  ...base,
  type: 'moderation.rule.retired',
  description: 'A rule was removed from its scope; it no longer matches anything.',
  schema: object({ ruleId: uuid(), retiredBy: uuid() }, ['ruleId', 'retiredBy']),
  example: { ruleId: RULE, retiredBy: ADMIN },
});

export const etiquetteChangedV1 = defineEvent<EtiquetteChangedV1>({
  ...base,
  type: 'moderation.rule.etiquette-changed',
  description: "The organisation's short etiquette text (Dutch and English, at most 140 characters each), shown while someone writes. Only on the `organisation` rule set.",
  schema: object({ nl: text(ETIQUETTE_MAX), en: text(ETIQUETTE_MAX), changedBy: uuid() }, ['nl', 'en', 'changedBy']),
  example: { nl: 'Wees vriendelijk, deel geen klantgegevens.', en: 'Be kind, share no customer data.', changedBy: ADMIN },
});

export const premoderationChangedV1 = defineEvent<PremoderationChangedV1>({
  ...base,
  type: 'moderation.rule.premoderation-changed',
  description: "Pre-moderation of new members in the rule set's scope: posts of people whose first visible post there is younger than newMemberDays, or who have fewer than minApprovedPosts visible posts there, are held for approval. Both 0: off.",
  schema: object(
    { newMemberDays: { type: 'integer', minimum: 0, maximum: PREMODERATION_DAYS_MAX }, minApprovedPosts: { type: 'integer', minimum: 0, maximum: PREMODERATION_POSTS_MAX }, changedBy: uuid() },
    ['newMemberDays', 'minApprovedPosts', 'changedBy'],
  ),
  example: { newMemberDays: 14, minApprovedPosts: 2, changedBy: ADMIN },
});

export const ruleContracts = [ruleDefinedV1, ruleRetiredV1, etiquetteChangedV1, premoderationChangedV1];

// ---------------------------------------------------------------------------------------------
// The matcher: one meaning of a rule for everyone who evaluates it.

/** Case- and accent-insensitive form: decomposed, marks dropped, lower-cased. */
export const foldText = (value: string): string => value.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
/** The words of a text, folded, each between single spaces (` word word `), for whole-word search. */
const wordLine = (value: string): string => {
  const words = foldText(value).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  return words.length === 0 ? ' ' : ` ${words.join(' ')} `;
};

/**
 * Why a pattern cannot be a rule of this match type, or undefined when it can. Regular expressions
 * must compile with RE2 (re2js: linear time, no backreferences or lookarounds).
 */
export function rulePatternProblem(matchType: RuleMatchType, pattern: string): string | undefined {
  if (pattern.length === 0 || pattern.length > RULE_PATTERN_MAX) return `must be 1 to ${RULE_PATTERN_MAX} characters`;
  if (matchType === 'regex') {
    try {
      RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
      return undefined;
    } catch (error) {
      return `is not a regular expression RE2 accepts (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  const words = wordLine(pattern).trim();
  if (words.length === 0) return 'has no letters or digits';
  if (matchType === 'keyword' && words.includes(' ')) return 'a keyword is one word (use a phrase for several)';
  return undefined;
}

export interface CompiledRule {
  readonly matchType: RuleMatchType;
  /** True when the rule matches the text (prepared once per text by `prepareText`). */
  matches(text: PreparedText): boolean;
}
/** A text prepared for evaluation against many rules: folded words once, raw text for regular expressions. */
export interface PreparedText {
  readonly raw: string;
  readonly words: string;
}
export const prepareText = (raw: string): PreparedText => {
  const bounded = raw.length > RULE_INPUT_MAX ? raw.slice(0, RULE_INPUT_MAX) : raw;
  return { raw: bounded, words: wordLine(bounded) };
};

/**
 * Compiles a rule. keyword: the whole word; phrase: the words in this order, as whole words;
 * both ignore case, accents and punctuation between words. regex: RE2 (linear time in the text),
 * case-insensitive, anywhere in the text. Throws on a pattern `rulePatternProblem` refuses.
 */
export function compileRule(rule: Pick<RuleDefinedV1, 'matchType' | 'pattern'>): CompiledRule {
  const problem = rulePatternProblem(rule.matchType, rule.pattern);
  if (problem) throw new Error(`rule pattern ${problem}`);
  if (rule.matchType === 'regex') {
    const re = RE2JS.compile(rule.pattern, RE2JS.CASE_INSENSITIVE);
    return { matchType: 'regex', matches: (text) => re.matcher(text.raw).find() };
  }
  const needle = wordLine(rule.pattern);
  return { matchType: rule.matchType, matches: (text) => text.words.includes(needle) };
}

/** A rule that matched a draft: what the writer is told, and which field matched (`body.title` or `body.body`). */
export interface RuleMatch {
  readonly ruleId: string;
  readonly scope: RuleScope;
  readonly action: RuleAction;
  readonly publicMessage: string;
  readonly field: string;
}
export type DefinedRule = Omit<RuleDefinedV1, 'definedBy'>;

const ACTION_WEIGHT: Readonly<Record<RuleAction, number>> = { block: 3, 'require-approval': 2, flag: 1 };

/**
 * Every rule that matches one of the fields (each field's text prepared once), strongest action
 * first (block, then require approval, then flag); the first field that matches names the field.
 */
export function matchRules(rules: readonly { readonly rule: DefinedRule; readonly compiled: CompiledRule }[], fields: readonly { readonly field: string; readonly text: string }[]): RuleMatch[] {
  const prepared = fields.filter((f) => f.text.length > 0).map((f) => ({ field: f.field, text: prepareText(f.text) }));
  const found: RuleMatch[] = [];
  for (const { rule, compiled } of rules) {
    const hit = prepared.find((f) => compiled.matches(f.text));
    if (hit) found.push({ ruleId: rule.ruleId, scope: rule.scope, action: rule.action, publicMessage: rule.publicMessage, field: hit.field });
  }
  return found.sort((a, b) => ACTION_WEIGHT[b.action] - ACTION_WEIGHT[a.action]);
}

// ---------------------------------------------------------------------------------------------
// Approvals: a moderator's answer to content the feed held (require-approval) or flagged.

/**
 * Moderators' answers to screened content (feed.screening.recorded): approve (held content is
 * shown to its audience; flagged content stays) or reject (the content is removed). One aggregate
 * per piece of content, keyed `<contentType>:<contentId>`; the feed consumes these.
 */
export const moderationApprovalTopic = defineTopic({
  name: topicName('moderation', 'approval', 1),
  aggregateType: 'approval',
  description: 'Moderators approve or reject content that compose-time rules held for approval or flagged. The feed shows approved held content and removes rejected content.',
  key: { description: '`<contentType>:<contentId>`: the approvals of one post or comment.', example: 'post:01964b1e-0000-7000-8000-000000000401' },
});

export const APPROVAL_NOTE_MAX = 1000;

export interface ApprovalDecidedV1 {
  /** Id of this decision (UUIDv7); the feed records it on the content it changes. */
  approvalId: string;
  contentType: 'post' | 'comment';
  contentId: string;
  postId: string;
  authorId: string;
  /** The sequence of the screening (feed.screening.recorded) this answers. */
  screeningSequence: number;
  moderatorId: string;
  /** Shown to the author; optional. */
  note?: string;
}

const approvalSchema = object(
  {
    approvalId: uuid(),
    contentType: oneOfStrings(['post', 'comment']),
    contentId: uuid(),
    postId: uuid(),
    authorId: uuid(),
    screeningSequence: { type: 'integer', minimum: 1 },
    moderatorId: uuid(),
    note: text(APPROVAL_NOTE_MAX),
  },
  ['approvalId', 'contentType', 'contentId', 'postId', 'authorId', 'screeningSequence', 'moderatorId'],
);
const approvalExample: ApprovalDecidedV1 = {
  approvalId: '01964b1e-0000-7000-8000-000000000701',
  contentType: 'post',
  contentId: '01964b1e-0000-7000-8000-000000000401',
  postId: '01964b1e-0000-7000-8000-000000000401',
  authorId: '01964b1e-0000-7000-8000-000000000101',
  screeningSequence: 1,
  moderatorId: ADMIN,
};

export const contentApprovedV1 = defineEvent<ApprovalDecidedV1>({
  aggregateType: 'approval',
  topic: moderationApprovalTopic,
  version: 1,
  type: 'moderation.approval.approved',
  description: 'A moderator approved screened content: held content is shown to its audience, flagged content stays as it is.',
  schema: approvalSchema,
  example: approvalExample,
});

export const contentRejectedV1 = defineEvent<ApprovalDecidedV1>({
  aggregateType: 'approval',
  topic: moderationApprovalTopic,
  version: 1,
  type: 'moderation.approval.rejected',
  description: 'A moderator rejected screened content: the feed removes it for good.',
  schema: approvalSchema,
  example: { ...approvalExample, approvalId: '01964b1e-0000-7000-8000-000000000702', note: 'Customer data may not be posted.' },
});

export const approvalContracts = [contentApprovedV1, contentRejectedV1];
