import { compileRule, matchRules, type CompiledRule, type DefinedRule, type RuleAction, type RuleMatch } from '@plein/moderation/contracts';
import type { ContentScreenedV1, ScreenedRuleV1, ScreeningAction } from '@plein/feed/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ValidationError, type NewEvent } from '@plein/shared/kernel';

/**
 * Moderation's compose-time rules as the feed applies them, locally, on every publish and edit:
 * the organisation's rules and, for content in a group, that group's. The matcher is moderation's
 * contract (`compileRule`), so the feed and moderation's dry run answer the same for one text.
 */
export interface ComposeRule {
  readonly rule: DefinedRule;
  readonly compiled: CompiledRule;
}

/** Compiles a rule from its event; a pattern that no longer compiles (it was checked when defined) is left out. */
export function composeRule(rule: DefinedRule): ComposeRule | null {
  try {
    return { rule, compiled: compileRule(rule) };
  } catch {
    return null;
  }
}

export interface ComposeDraft {
  readonly title?: string;
  readonly body: string;
}

export interface ComposeVerdict {
  /** The strongest action of the matching rules, or publish when none matches. */
  readonly outcome: RuleAction | 'publish';
  readonly matches: readonly RuleMatch[];
}

export function composeVerdict(rules: readonly ComposeRule[], draft: ComposeDraft): ComposeVerdict {
  const matches = matchRules(rules, [
    { field: 'body.title', text: draft.title ?? '' },
    { field: 'body.body', text: draft.body },
  ]);
  return { outcome: matches[0]?.action ?? 'publish', matches };
}

/** A draft a blocking rule refuses: 400 problem+json naming the field and carrying each blocking rule's public message. */
export class BlockedByRuleError extends ValidationError {
  constructor(readonly matches: readonly RuleMatch[]) {
    super(
      'FEED.BLOCKED_BY_RULE',
      matches.map((m) => ({ field: m.field, message: m.publicMessage })),
    );
  }
}

/** Throws BlockedByRuleError when a blocking rule matches. */
export function refuseBlocked(verdict: ComposeVerdict): void {
  const blocking = verdict.matches.filter((m) => m.action === 'block');
  if (blocking.length > 0) throw new BlockedByRuleError(blocking);
}

/** What the feed does with a stored draft that matched rules asking moderation for something. */
export interface Screening {
  readonly action: ScreeningAction;
  /** Set when the content is held: the id of the hide (a decision id on the content's hidden event). */
  readonly hold: { readonly decisionId: string } | null;
  readonly rules: readonly ScreenedRuleV1[];
  readonly newMember?: true;
}

/** The reason code on the hidden event of held content. */
/** The stream of one piece of content's screenings: `screening-<contentType>:<contentId>`. */
export const SCREENING_AGGREGATE_TYPE = 'screening';

export const HELD_FOR_APPROVAL = 'rule-approval';

/**
 * The screening of a verdict (blocking rules already refused it), or null when nothing asks for
 * moderation. A new member under pre-moderation is held even when no rule matched.
 */
export function screeningOf(verdict: ComposeVerdict & { readonly newMember?: boolean }, holdId: () => string): Screening | null {
  const rules = verdict.matches.flatMap((m): ScreenedRuleV1[] => (m.action === 'block' ? [] : [{ ruleId: m.ruleId, action: m.action, publicMessage: m.publicMessage, field: m.field }]));
  const newMember = verdict.newMember === true;
  if (rules.length === 0 && !newMember) return null;
  const action: ScreeningAction = newMember || rules.some((r) => r.action === 'require-approval') ? 'require-approval' : 'flag';
  return { action, hold: action === 'require-approval' ? { decisionId: holdId() } : null, rules, ...(newMember ? { newMember: true } : {}) };
}

/** Pre-moderation of one scope (its group, or null for the organisation), when on. */
export interface ScopePremoderation {
  readonly groupId: string | null;
  readonly newMemberDays: number;
  readonly minApprovedPosts: number;
}
/** What the feed knows of an author's visible posts in a scope: the earliest one's time and how many (counted up to what the setting needs). */
export interface AuthorStanding {
  readonly firstPostAt: string | null;
  readonly visiblePosts: number;
}

/** Whether pre-moderation holds this author's post in this scope. */
export function isNewMember(setting: ScopePremoderation, standing: AuthorStanding, now: Date): boolean {
  if (setting.minApprovedPosts > 0 && standing.visiblePosts < setting.minApprovedPosts) return true;
  if (setting.newMemberDays > 0) return standing.firstPostAt === null || now.getTime() - Date.parse(standing.firstPostAt) < setting.newMemberDays * 86_400_000;
  return false;
}

/**
 * A decider that also holds what it publishes or edits: when the wrapped decider emits events and
 * the content is not hidden after them, the hidden event (reason `rule-approval`) is appended in
 * the same append, so held content is never visible to its audience, not even for a moment.
 */
export function holding<C, E, S>(inner: Decider<C, E, S>, hold: { readonly decisionId: string } | null, isHidden: (state: S) => boolean, hidden: (decisionId: string) => E): Decider<C, E, S> {
  if (!hold) return inner;
  return {
    initialState: inner.initialState,
    evolve: inner.evolve,
    decide(command, state) {
      const events = inner.decide(command, state);
      if (events.length === 0) return events;
      const after = events.reduce(inner.evolve, state);
      return isHidden(after) ? events : [...events, hidden(hold.decisionId)];
    },
  };
}

export interface RecordScreening {
  readonly type: 'RecordScreening';
  readonly screening: ContentScreenedV1;
}
export type ScreeningEvent = NewEvent<ContentScreenedV1, 'feed.screening.recorded'>;

/** The screenings of one post or comment: each stored write that matched rules asking for moderation. */
export const screeningDecider: Decider<RecordScreening, ScreeningEvent, { readonly count: number }> = {
  initialState: () => ({ count: 0 }),
  decide: (command) => [{ type: 'feed.screening.recorded', version: 1, data: command.screening }],
  evolve: (state) => ({ count: state.count + 1 }),
};
