import { compileRule, matchRules, type CompiledRule, type DefinedRule, type RuleAction, type RuleMatch } from '@plein/moderation/contracts';
import { ValidationError } from '@plein/shared/kernel';

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
