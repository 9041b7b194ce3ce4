import type { Audience } from '@plein/feed/contracts';
import { composeVerdict, refuseBlocked, type ComposeDraft, type ComposeRule, type ComposeVerdict } from '@plein/feed/domain';

/** The rule sets the feed projected from moderation.rule.events.v1 (no call to moderation per post). */
export interface ComposeRuleSets {
  /** The organisation's rules and, for a group (non-null), that group's, compiled. */
  rulesFor(groupId: string | null): Promise<readonly ComposeRule[]>;
}

/** The group whose rules apply to content of this audience (null: the organisation's only). */
export const ruleGroupOf = (audience: Audience): string | null => (audience.kind === 'group' ? audience.groupId : null);

/**
 * Applies the compose-time rules to a post or comment about to be published or edited: a
 * blocking rule refuses it (400 naming the field, with the rule's public message). The verdict is
 * returned for the caller (require-approval and flag are not acted on by the feed yet).
 */
export async function applyComposeRules(ruleSets: ComposeRuleSets | undefined, groupId: string | null, draft: ComposeDraft): Promise<ComposeVerdict> {
  if (!ruleSets) return { outcome: 'publish', matches: [] };
  const rules = await ruleSets.rulesFor(groupId);
  if (rules.length === 0) return { outcome: 'publish', matches: [] };
  const verdict = composeVerdict(rules, draft);
  refuseBlocked(verdict);
  return verdict;
}
