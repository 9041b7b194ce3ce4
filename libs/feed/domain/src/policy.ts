import type { UserRole } from '@plein/identity/contracts';
import type { Audience, GroupVisibility, MemberRole, PostKind } from '@plein/feed/contracts';
import { isAdmin, isGroupStaff, type Actor } from './actor';
import { ERROR_CODES, FeedForbiddenError, FeedNotFoundError } from './errors';

/** Who may do something organisation-wide: everyone (the default) or holders of some roles. */
export type PostingRule = { readonly who: 'everyone' } | { readonly who: 'roles'; readonly roles: readonly UserRole[] };

/**
 * The organisation's posting policy. The default is no publishing-rights bureaucracy: everyone
 * may post organisation-wide and publish announcements (docs/feed/visibility.md, rule 9). An
 * organisation may restrict either, e.g. announcements to community managers.
 */
export interface OrganisationPolicy {
  readonly organisationWidePosting: PostingRule;
  readonly organisationAnnouncements: PostingRule;
}

export const DEFAULT_ORGANISATION_POLICY: OrganisationPolicy = {
  organisationWidePosting: { who: 'everyone' },
  organisationAnnouncements: { who: 'everyone' },
};

const allows = (rule: PostingRule, actor: Actor): boolean => rule.who === 'everyone' || isAdmin(actor) || rule.roles.some((r) => actor.roles.includes(r));

/** The actor's standing in the group an audience names (from the memberships read model). */
export interface GroupContext {
  readonly groupId: string;
  readonly visibility: GroupVisibility;
  /** The actor's role, undefined when not a member. */
  readonly role?: MemberRole;
}

/**
 * The group an audience names, as the actor may see it: a missing group, and a secret group the
 * actor is not a member of, are FEED.GROUP_NOT_FOUND alike. Deciders call it before any role or
 * policy check, so no other answer can tell that a secret group exists.
 */
export function assertAudienceGroupVisible(audience: Audience, group?: GroupContext): void {
  if (audience.kind !== 'group') return;
  if (!group || group.groupId !== audience.groupId) throw new FeedNotFoundError('group', audience.groupId);
  if (group.role === undefined && group.visibility === 'secret') throw new FeedNotFoundError('group', audience.groupId);
}

/**
 * May the actor publish a post (or agenda item) of this kind to this audience?
 * Organisation: per policy (announcements have their own rule). Followers: anyone.
 * Group: members only, and announcements only by the group's owners and moderators.
 */
export function assertMayPublishTo(actor: Actor, audience: Audience, kind: PostKind | 'agenda-item', policy: OrganisationPolicy, group?: GroupContext): void {
  const refuse = (why: string) => {
    throw new FeedForbiddenError(ERROR_CODES.audienceNotAllowed, why);
  };
  if (audience.kind === 'organisation') {
    if (!allows(policy.organisationWidePosting, actor)) refuse('The organisation policy does not let you post organisation-wide');
    if (kind === 'announcement' && !allows(policy.organisationAnnouncements, actor)) refuse('The organisation policy does not let you publish announcements');
  } else if (audience.kind === 'group') {
    // A secret group does not exist for non-members, not even in an error message.
    assertAudienceGroupVisible(audience, group);
    if (group?.role === undefined) refuse('Only members post in a group');
    if (kind === 'announcement' && !isGroupStaff(group?.role)) refuse('Only group owners and moderators publish announcements in a group');
  }
}
