import type { UserRole } from '@plein/identity/contracts';
import type { Audience, GroupVisibility, MemberRole } from '@plein/feed/contracts';
import { isAdmin, isGroupStaff, isModerator } from '../actor';

/**
 * Who sees and who may act on feed content: one pure function used by every read path (post
 * page, timelines, comments, search results, notifications), so nobody outside a post's audience
 * sees it, whichever way they ask (also by guessing ids). The matrix is in docs/feed/visibility.md
 * and visibility.policy.spec.ts checks every cell.
 */
export interface Viewer {
  readonly userId: string;
  /** Deactivated people see nothing and do nothing. */
  readonly active: boolean;
  readonly roles: readonly UserRole[];
  /** The viewer's groups and role in each (memberships read model). */
  readonly groupMemberships: ReadonlyMap<string, MemberRole>;
  /** People the viewer follows; needed for followers-only posts (missing = follows nobody). */
  readonly following?: ReadonlySet<string>;
}

export type ModerationState = 'visible' | 'hidden' | 'removed';

/** What the policy needs to know about a post (or an agenda item / jam: same audiences). */
export interface VisibilityFacts {
  readonly audience: Audience;
  readonly authorId: string;
  /** Current visibility of the audience group; unknown (undefined) is treated as secret. */
  readonly groupVisibility?: GroupVisibility;
  /** `removed`: moderation removed it (feed.post.deleted by moderation). */
  readonly moderationState: ModerationState;
  /** Deleted by its author or an administrator: gone for everyone. */
  readonly deleted: boolean;
}

/**
 * `read`: every ordinary read path. `moderation`: the moderation tools, where moderators and
 * admins review reported content whatever its audience (the only bypass, and audited there).
 */
export type Purpose = 'read' | 'moderation';

export type VisibilityDecision =
  | { readonly visible: true; readonly notice?: 'hidden-by-moderation' | 'removed-by-moderation' }
  | { readonly visible: false; readonly reason: 'inactive' | 'deleted' | 'removed' | 'not-in-audience' | 'hidden' };

/**
 * Audience first: organisation = every active person; followers = the author and their current
 * followers; group = everyone for an open group, members only for closed and secret groups (a
 * closed group shows that it exists, not what is in it). Nobody bypasses the audience on read
 * paths: not admins, not organisation moderators (leaks are what the product must prevent).
 * Then moderation: hidden content stays visible, with a notice, to its author and to moderators
 * inside the audience (organisation moderators and admins, the group's owners and moderators);
 * removed and deleted content to nobody.
 */
export function visibility(viewer: Viewer, post: VisibilityFacts, purpose: Purpose = 'read'): VisibilityDecision {
  if (!viewer.active) return { visible: false, reason: 'inactive' };
  if (post.deleted) return { visible: false, reason: 'deleted' };
  if (purpose === 'moderation' && isModerator(viewer)) {
    return post.moderationState === 'visible' ? { visible: true } : { visible: true, notice: `${post.moderationState}-by-moderation` as const };
  }
  if (post.moderationState === 'removed') return { visible: false, reason: 'removed' };
  if (!inAudience(viewer, post)) return { visible: false, reason: 'not-in-audience' };
  if (post.moderationState === 'hidden') {
    const groupRole = post.audience.kind === 'group' ? viewer.groupMemberships.get(post.audience.groupId) : undefined;
    const mayReview = viewer.userId === post.authorId || isModerator(viewer) || isGroupStaff(groupRole);
    return mayReview ? { visible: true, notice: 'hidden-by-moderation' } : { visible: false, reason: 'hidden' };
  }
  return { visible: true };
}

export const canSee = (viewer: Viewer, post: VisibilityFacts, purpose: Purpose = 'read'): boolean => visibility(viewer, post, purpose).visible;

export function inAudience(viewer: Viewer, post: Pick<VisibilityFacts, 'audience' | 'authorId' | 'groupVisibility'>): boolean {
  switch (post.audience.kind) {
    case 'organisation':
      return true;
    case 'followers':
      return viewer.userId === post.authorId || (viewer.following?.has(post.authorId) ?? false);
    case 'group':
      // An author who left a closed or secret group loses its content like any former member.
      return post.groupVisibility === 'open' || viewer.groupMemberships.has(post.audience.groupId);
  }
}

export type FeedAction = 'comment' | 'react' | 'respond' | 'edit' | 'delete';

/**
 * May the viewer act on the post? Deactivated people never act (their content stays). Acting
 * needs seeing. Conversation (comment, react, respond to the call to action) needs the post to
 * be visible, not hidden. Edit: the author. Delete: the author, admins, the group's owners and
 * moderators (also while hidden, so a post can be taken down before moderation decides).
 */
export function canAct(viewer: Viewer, post: VisibilityFacts, action: FeedAction): boolean {
  const seen = visibility(viewer, post);
  if (!seen.visible) return false;
  const hidden = post.moderationState !== 'visible';
  switch (action) {
    case 'comment':
    case 'react':
    case 'respond':
      return !hidden;
    case 'edit':
      return viewer.userId === post.authorId;
    case 'delete': {
      const groupRole = post.audience.kind === 'group' ? viewer.groupMemberships.get(post.audience.groupId) : undefined;
      return viewer.userId === post.authorId || isAdmin(viewer) || isGroupStaff(groupRole);
    }
  }
}

/** A comment: visible when its post is, unless it was deleted or removed; hidden ones as for posts. */
export function canSeeComment(
  viewer: Viewer,
  post: VisibilityFacts,
  comment: { readonly authorId: string; readonly moderationState: ModerationState; readonly deleted: boolean },
  purpose: Purpose = 'read',
): boolean {
  if (!canSee(viewer, post, purpose) || comment.deleted) return false;
  if (purpose === 'moderation' && isModerator(viewer)) return true;
  if (comment.moderationState === 'removed') return false;
  if (comment.moderationState === 'visible') return true;
  const groupRole = post.audience.kind === 'group' ? viewer.groupMemberships.get(post.audience.groupId) : undefined;
  return viewer.userId === comment.authorId || isModerator(viewer) || isGroupStaff(groupRole);
}

/** Group existence (name, description, member count): secret groups exist for their members only. */
export function canSeeGroup(viewer: Viewer, group: { readonly groupId: string; readonly visibility: GroupVisibility }): boolean {
  return viewer.active && (group.visibility !== 'secret' || viewer.groupMemberships.has(group.groupId));
}

/** Group content (posts, agenda, members list): open groups for everyone, others for members. */
export function canSeeGroupContent(viewer: Viewer, group: { readonly groupId: string; readonly visibility: GroupVisibility }): boolean {
  return viewer.active && (group.visibility === 'open' || viewer.groupMemberships.has(group.groupId));
}
