import { defineEvent, object, oneOfStrings, text, uuid } from '@plein/shared/contracts';
import { feedGroupTopic, feedMemberTopic } from './topics';

export const GROUP_VISIBILITIES = ['public', 'private'] as const;
export const MEMBER_ROLES = ['member', 'moderator', 'owner'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface GroupCreatedV1 {
  name: string;
  description?: string;
  /** `public`: everyone reads, members post; `private`: only members read. */
  visibility: GroupVisibility;
  /** The creator joins as owner (a separate feed.member.joined follows). */
  ownerId: string;
}
export interface MemberJoinedV1 {
  groupId: string;
  userId: string;
  role: MemberRole;
}
export interface MemberLeftV1 {
  groupId: string;
  userId: string;
  /** `removed`: by a group owner or moderator; `deactivated`: the user left the organisation. */
  reason: 'left' | 'removed' | 'deactivated';
}
export interface MemberRoleChangedV1 {
  groupId: string;
  userId: string;
  role: MemberRole;
  previousRole: MemberRole;
}

const GROUP = '01964b1e-0000-7000-8000-000000000421';
const USER = '01964b1e-0000-7000-8000-000000000101';
const role = oneOfStrings(MEMBER_ROLES);

export const groupCreatedV1 = defineEvent<GroupCreatedV1>({
  type: 'feed.group.created',
  version: 1,
  aggregateType: 'group',
  topic: feedGroupTopic,
  description: 'A community group was created.',
  schema: object(
    { name: text(100), description: text(2000), visibility: oneOfStrings(GROUP_VISIBILITIES), ownerId: uuid() },
    ['name', 'visibility', 'ownerId'],
  ),
  example: { name: 'Research London', description: 'Lab news and seminars.', visibility: 'private', ownerId: USER },
});

const member = { aggregateType: 'member', topic: feedMemberTopic, version: 1 } as const;

export const memberJoinedV1 = defineEvent<MemberJoinedV1>({
  ...member,
  type: 'feed.member.joined',
  description: 'A person became a member of a group (joined, was added, or created it).',
  schema: object({ groupId: uuid(), userId: uuid(), role }, ['groupId', 'userId', 'role']),
  example: { groupId: GROUP, userId: USER, role: 'owner' },
});

export const memberLeftV1 = defineEvent<MemberLeftV1>({
  ...member,
  type: 'feed.member.left',
  description: 'A person is no longer a member of a group.',
  schema: object({ groupId: uuid(), userId: uuid(), reason: oneOfStrings(['left', 'removed', 'deactivated']) }, ['groupId', 'userId', 'reason']),
  example: { groupId: GROUP, userId: USER, reason: 'left' },
});

export const memberRoleChangedV1 = defineEvent<MemberRoleChangedV1>({
  ...member,
  type: 'feed.member.role-changed',
  description: 'A member got a different role in the group.',
  schema: object({ groupId: uuid(), userId: uuid(), role, previousRole: role }, ['groupId', 'userId', 'role', 'previousRole']),
  example: { groupId: GROUP, userId: USER, role: 'moderator', previousRole: 'member' },
});

export const groupContracts = [groupCreatedV1];
export const memberContracts = [memberJoinedV1, memberLeftV1, memberRoleChangedV1];
