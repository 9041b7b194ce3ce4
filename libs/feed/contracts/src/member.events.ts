import { defineEvent, object, oneOfStrings, text, uuid, type EventContract } from '@plein/shared/contracts';
import { nextVersionWithAudience } from './audience';
import { groupAudienceSchema, MEMBER_ROLES, unknownGroupAudience, type GroupAudience, type MemberRole } from './group.events';
import { feedMemberTopic } from './topics';

/** How a membership started: created the group, joined an open group, request approved, invitation accepted, added by an owner. */
export const JOIN_VIAS = ['created', 'joined', 'approved', 'invitation', 'added'] as const;
export type JoinVia = (typeof JOIN_VIAS)[number];

export interface MemberJoinedV1 {
  groupId: string;
  userId: string;
  role: MemberRole;
  /** Optional (added after v1); consumers treat a missing value as `joined`. */
  via?: JoinVia;
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
/** @deprecated read as v2 (the audience is a secret unknown group). */
export interface MemberJoinRequestedV1 {
  groupId: string;
  userId: string;
  /** Shown to the group's owners and moderators. */
  message?: string;
}
/** The group with its visibility, so consumers filter the message without a group projection. */
export interface MemberJoinRequestedV2 extends MemberJoinRequestedV1 {
  audience: GroupAudience;
}
/** @deprecated read as v2 (the audience is a secret unknown group). */
export interface MemberRequestDeclinedV1 {
  groupId: string;
  userId: string;
  note?: string;
}
/** The group with its visibility, so consumers filter the note without a group projection. */
export interface MemberRequestDeclinedV2 extends MemberRequestDeclinedV1 {
  audience: GroupAudience;
}
export interface MemberRequestWithdrawnV1 {
  groupId: string;
  userId: string;
}
export interface MemberInvitedV1 {
  groupId: string;
  userId: string;
  invitedBy: string;
}
export interface MemberInvitationDeclinedV1 {
  groupId: string;
  userId: string;
}

const GROUP = '01964b1e-0000-7000-8000-000000000421';
const USER = '01964b1e-0000-7000-8000-000000000101';
const role = oneOfStrings(MEMBER_ROLES);
const member = { aggregateType: 'member', topic: feedMemberTopic, version: 1 } as const;
const pair = { groupId: uuid(), userId: uuid() };
const pairRequired = ['groupId', 'userId'];

export const memberJoinedV1 = defineEvent<MemberJoinedV1>({
  ...member,
  type: 'feed.member.joined',
  description: 'A person became a member of a group (joined, was approved, accepted an invitation, was added, or created it).',
  schema: object({ ...pair, role, via: oneOfStrings(JOIN_VIAS) }, [...pairRequired, 'role']),
  example: { groupId: GROUP, userId: USER, role: 'owner', via: 'created' },
});

export const memberLeftV1 = defineEvent<MemberLeftV1>({
  ...member,
  type: 'feed.member.left',
  description: 'A person is no longer a member of a group.',
  schema: object({ ...pair, reason: oneOfStrings(['left', 'removed', 'deactivated']) }, [...pairRequired, 'reason']),
  example: { groupId: GROUP, userId: USER, reason: 'left' },
});

export const memberRoleChangedV1 = defineEvent<MemberRoleChangedV1>({
  ...member,
  type: 'feed.member.role-changed',
  description: 'A member got a different role in the group.',
  schema: object({ ...pair, role, previousRole: role }, [...pairRequired, 'role', 'previousRole']),
  example: { groupId: GROUP, userId: USER, role: 'moderator', previousRole: 'member' },
});

export const memberJoinRequestedV1 = defineEvent<MemberJoinRequestedV1>({
  ...member,
  deprecated: true,
  type: 'feed.member.join-requested',
  description: 'A person asked to join a closed group; owners and moderators approve or decline.',
  schema: object({ ...pair, message: text(500) }, pairRequired),
  example: { groupId: GROUP, userId: USER, message: 'I work on the lab move.' },
});

export const memberRequestDeclinedV1 = defineEvent<MemberRequestDeclinedV1>({
  ...member,
  deprecated: true,
  type: 'feed.member.request-declined',
  description: 'An owner or moderator declined a join request.',
  schema: object({ ...pair, note: text(500) }, pairRequired),
  example: { groupId: GROUP, userId: USER, note: 'This group is for the lab staff only.' },
});

const memberAudience = { schema: groupAudienceSchema, example: { kind: 'group', groupId: GROUP, visibility: 'closed' } as GroupAudience, fallback: () => unknownGroupAudience() };
const joinRequestedV2 = nextVersionWithAudience(
  memberJoinRequestedV1,
  memberAudience,
  'A person asked to join a closed group; owners and moderators approve or decline. The audience is the group with its visibility.',
);
const requestDeclinedV2 = nextVersionWithAudience(
  memberRequestDeclinedV1,
  memberAudience,
  'An owner or moderator declined a join request. The audience is the group with its visibility.',
);
export const memberJoinRequestedV2: EventContract<MemberJoinRequestedV2> = joinRequestedV2.contract;
export const memberRequestDeclinedV2: EventContract<MemberRequestDeclinedV2> = requestDeclinedV2.contract;

export const memberRequestWithdrawnV1 = defineEvent<MemberRequestWithdrawnV1>({
  ...member,
  type: 'feed.member.request-withdrawn',
  description: 'The person withdrew their own join request.',
  schema: object(pair, pairRequired),
  example: { groupId: GROUP, userId: USER },
});

export const memberInvitedV1 = defineEvent<MemberInvitedV1>({
  ...member,
  type: 'feed.member.invited',
  description: 'An owner or moderator invited a person; accepting makes them a member (the only way into a secret group).',
  schema: object({ ...pair, invitedBy: uuid() }, [...pairRequired, 'invitedBy']),
  example: { groupId: GROUP, userId: USER, invitedBy: '01964b1e-0000-7000-8000-000000000102' },
});

export const memberInvitationDeclinedV1 = defineEvent<MemberInvitationDeclinedV1>({
  ...member,
  type: 'feed.member.invitation-declined',
  description: 'The invited person declined the invitation.',
  schema: object(pair, pairRequired),
  example: { groupId: GROUP, userId: USER },
});

export const memberContracts = [
  memberJoinedV1,
  memberLeftV1,
  memberRoleChangedV1,
  memberJoinRequestedV1,
  memberJoinRequestedV2,
  memberRequestDeclinedV1,
  memberRequestDeclinedV2,
  memberRequestWithdrawnV1,
  memberInvitedV1,
  memberInvitationDeclinedV1,
];
/** Join requests and their refusals written before they carried the group's audience get a secret unknown group. */
export const memberUpcasters = [joinRequestedV2.upcaster, requestDeclinedV2.upcaster];
