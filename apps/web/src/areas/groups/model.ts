import type { Group, Membership } from './api';

/** What the reader can do about their own membership of a group, in the order the buttons show. */
export type MembershipAction = 'join' | 'request' | 'accept' | 'decline' | 'withdraw' | 'leave';

export function membershipActions(group: Pick<Group, 'visibility' | 'you'>): MembershipAction[] {
  switch (group.you.status) {
    case 'member':
      return ['leave'];
    case 'requested':
      return ['withdraw'];
    case 'invited':
      return ['accept', 'decline'];
    case 'none':
      // A secret group is only seen by its members and invitees; nobody else can ask.
      return group.visibility === 'open' ? ['join'] : group.visibility === 'closed' ? ['request'] : [];
  }
}

/** Which call an action is: join (also request and accept) or leave (also withdraw and decline). */
export const callOf = (action: MembershipAction): 'join' | 'leave' => (action === 'join' || action === 'request' || action === 'accept' ? 'join' : 'leave');

/** Owners and group moderators see and decide join requests. */
export const managesRequests = (group: Pick<Group, 'you'>): boolean => group.you.status === 'member' && (group.you.role === 'owner' || group.you.role === 'moderator');

/** The group's posts: open groups for everyone who sees them, closed and secret ones for members. */
export const seesPosts = (group: Pick<Group, 'visibility' | 'you'>): boolean => group.visibility === 'open' || group.you.status === 'member';

/** Members post in their group. */
export const postsIn = (group: Pick<Group, 'you'>): boolean => group.you.status === 'member';

/** A group's new state (after joining or leaving) in the list; a group the reader can no longer see leaves the list. */
export function replaceGroup(shown: readonly Group[], groupId: string, next: Group | null): Group[] {
  return next ? shown.map((g) => (g.groupId === groupId ? next : g)) : shown.filter((g) => g.groupId !== groupId);
}

/** A request decided: it leaves the list of pending requests. */
export const withoutRequest = (shown: readonly Membership[], userId: string): Membership[] => shown.filter((m) => m.userId !== userId);

/** The create form's request body: trimmed, the description only when there is one. */
export function createInput(name: string, description: string, visibility: Group['visibility']): { name: string; description?: string; visibility: Group['visibility'] } {
  const text = description.trim();
  return { name: name.trim(), ...(text ? { description: text } : {}), visibility };
}
