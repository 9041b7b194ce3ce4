/**
 * Who sees what in moderation. Two questions, both answered from read models the caller loads:
 * may a person see (and so report) a piece of content, and which cases may a moderator work on.
 * Both answer "no" the same way as "missing" (404) at the HTTP edge.
 */

/** A piece of content as moderation's audience read model knows it (from feed's events). */
export interface AudienceFacts {
  readonly authorId: string;
  readonly audience: { readonly kind: 'organisation' } | { readonly kind: 'followers' } | { readonly kind: 'group'; readonly groupId: string };
  /** Current visibility of the audience group; unknown is treated as secret. */
  readonly groupVisibility?: 'open' | 'closed' | 'secret';
  readonly deleted: boolean;
  /** Hidden by moderation: only its author still sees it. */
  readonly hidden: boolean;
}

export interface ViewerFacts {
  readonly userId: string;
  /** The viewer's active memberships: group id to role. */
  readonly memberships: ReadonlyMap<string, string>;
  /** Whether the viewer follows the content's author (for followers-only posts). */
  readonly followsAuthor: boolean;
}

/**
 * The feed's audience rule, as far as reporting needs it: organisation = everyone; followers =
 * the author and their followers; group = everyone for an open group, members for closed and
 * secret ones. Deleted content is gone; hidden content only its author sees.
 */
export function canSeeContent(viewer: ViewerFacts, content: AudienceFacts): boolean {
  if (content.deleted) return false;
  if (content.hidden && viewer.userId !== content.authorId) return false;
  switch (content.audience.kind) {
    case 'organisation':
      return true;
    case 'followers':
      return viewer.userId === content.authorId || viewer.followsAuthor;
    case 'group':
      return content.groupVisibility === 'open' || viewer.memberships.has(content.audience.groupId);
  }
}

/** The identity roles that make someone an organisation moderator (every case that is not escalated). */
export const ORGANISATION_MODERATOR_ROLES: readonly string[] = ['moderator', 'admin'];
/** Identity roles that work on escalated cases: HR and legal staff, and administrators. */
export const ESCALATION_ROLES: readonly string[] = ['hr-legal', 'admin'];
/** Group roles (feed memberships) that moderate that group's cases. */
export const GROUP_MODERATOR_ROLES: readonly string[] = ['owner', 'moderator'];

/**
 * Which cases a person moderates. Cases that are not escalated: all of them (organisation), some
 * groups' or none; `escalations`: also every escalated case. An escalated case leaves the
 * moderators and goes to HR/legal (role `hr-legal`) and administrators only; someone with only
 * `hr-legal` works on escalated cases and nothing else (kind `escalations`).
 */
export type ModeratorScope =
  | { readonly kind: 'organisation'; readonly escalations: boolean }
  | { readonly kind: 'groups'; readonly groupIds: readonly string[]; readonly escalations: boolean }
  | { readonly kind: 'escalations' }
  | { readonly kind: 'none' };

export function moderatorScope(roles: readonly string[], memberships: ReadonlyMap<string, string>): ModeratorScope {
  const escalations = roles.some((r) => ESCALATION_ROLES.includes(r));
  if (roles.some((r) => ORGANISATION_MODERATOR_ROLES.includes(r))) return { kind: 'organisation', escalations };
  const groupIds = [...memberships].filter(([, role]) => GROUP_MODERATOR_ROLES.includes(role)).map(([groupId]) => groupId);
  if (groupIds.length > 0) return { kind: 'groups', groupIds, escalations };
  return escalations ? { kind: 'escalations' } : { kind: 'none' };
}

/**
 * Whether a moderator with this scope works on a case of this group (null: content outside any
 * group). Escalated cases are for the scopes with escalations only (HR/legal, administrators).
 */
export function inScope(scope: ModeratorScope, groupId: string | null, escalated = false): boolean {
  if (scope.kind === 'none') return false;
  if (escalated) return scope.kind === 'escalations' || scope.escalations;
  if (scope.kind === 'escalations') return false;
  if (scope.kind === 'organisation') return true;
  return groupId !== null && scope.groupIds.includes(groupId);
}

/** Whether the scope may take over or release a case someone else holds (organisation-wide roles). */
export const mayTakeOver = (scope: ModeratorScope): boolean => scope.kind === 'organisation' || scope.kind === 'escalations';
