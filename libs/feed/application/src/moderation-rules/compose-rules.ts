import type { Audience, ContentScreenedV1 } from '@plein/feed/contracts';
import {
  commentDecider,
  composeVerdict,
  HELD_FOR_APPROVAL,
  holding,
  postDecider,
  refuseBlocked,
  screeningDecider,
  SCREENING_AGGREGATE_TYPE,
  type CommentEvent,
  type ComposeDraft,
  type ComposeRule,
  type ComposeVerdict,
  isNewMember,
  type AuthorStanding,
  type ScopePremoderation,
  type PostEvent,
  type Screening,
} from '@plein/feed/domain';
import { streamId, type CommandMetadata } from '@plein/shared/kernel';
import { execute, type FeedDependencies } from '../context';

/** The rule sets the feed projected from moderation.rule.events.v1 (no call to moderation per post). */
export interface ComposeRuleSets {
  /** The organisation's rules and, for a group (non-null), that group's, compiled. */
  rulesFor(groupId: string | null): Promise<readonly ComposeRule[]>;
  /** Pre-moderation that is on for the organisation and, for a group, that group. */
  premoderationFor(groupId: string | null): Promise<readonly ScopePremoderation[]>;
  /** The author's visible posts in a scope (null: the organisation), counted up to `limit`. */
  standing(authorId: string, groupId: string | null, limit: number): Promise<AuthorStanding>;
}

/** The group whose rules apply to content of this audience (null: the organisation's only). */
export const ruleGroupOf = (audience: Audience): string | null => (audience.kind === 'group' ? audience.groupId : null);

/**
 * Applies the compose-time rules to a post or comment about to be published or edited: a
 * blocking rule refuses it (400 naming the field, with the rule's public message). The verdict is
 * returned for the caller (require-approval and flag are not acted on by the feed yet).
 */
export async function applyComposeRules(
  ruleSets: ComposeRuleSets | undefined,
  groupId: string | null,
  draft: ComposeDraft,
  newPost?: { readonly authorId: string; readonly now: Date },
): Promise<ComposeVerdict & { readonly newMember?: boolean }> {
  if (!ruleSets) return { outcome: 'publish', matches: [] };
  const rules = await ruleSets.rulesFor(groupId);
  const verdict = rules.length === 0 ? ({ outcome: 'publish', matches: [] } as ComposeVerdict) : composeVerdict(rules, draft);
  refuseBlocked(verdict);
  // Pre-moderation of new members: new posts only (edits and comments are not held for it).
  if (!newPost) return verdict;
  for (const setting of await ruleSets.premoderationFor(groupId)) {
    const standing = await ruleSets.standing(newPost.authorId, setting.groupId, Math.max(setting.minApprovedPosts, 1));
    if (isNewMember(setting, standing, newPost.now)) return { ...verdict, newMember: true };
  }
  return verdict;
}

export interface ScreenedContent {
  readonly contentType: 'post' | 'comment';
  readonly contentId: string;
  readonly postId: string;
  readonly authorId: string;
  readonly groupId: string | null;
  readonly on: 'published' | 'edited';
}

/**
 * Records what the rules found on a stored write (feed.screening.recorded, for moderation's
 * review), after the content's own append and with the same metadata: a retried request with the
 * same Idempotency-Key replays both and records nothing twice.
 */
export async function recordScreening(deps: FeedDependencies, metadata: CommandMetadata, screening: Screening | null, content: ScreenedContent): Promise<void> {
  if (!screening) return;
  const data: ContentScreenedV1 = { ...content, action: screening.action, held: screening.hold !== null, rules: [...screening.rules], ...(screening.newMember ? { newMember: true } : {}) };
  await execute(deps, streamId(SCREENING_AGGREGATE_TYPE, `${content.contentType}:${content.contentId}`), screeningDecider, { type: 'RecordScreening', screening: data }, metadata);
}

/** The post decider for this write: holds it (hidden in the same append) when a rule requires approval. */
export const postDeciderFor = (screening: Screening | null) =>
  holding(postDecider, screening?.hold ?? null, (state) => state.status === 'published' && state.moderation === 'hidden', (decisionId): PostEvent => ({ type: 'feed.post.hidden', version: 1, data: { decisionId, reasonCode: HELD_FOR_APPROVAL } }));

/** The comment decider for this write, holding it like postDeciderFor. */
export const commentDeciderFor = (screening: Screening | null, postId: string) =>
  holding(commentDecider, screening?.hold ?? null, (state) => state.status !== 'absent' && state.moderation === 'hidden', (decisionId): CommentEvent => ({ type: 'feed.comment.hidden', version: 1, data: { postId, decisionId, reasonCode: HELD_FOR_APPROVAL } }));
