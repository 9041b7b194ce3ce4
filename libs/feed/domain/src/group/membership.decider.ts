import type {
  GroupVisibility,
  MemberInvitationDeclinedV1,
  MemberInvitedV1,
  MemberJoinedV1,
  MemberJoinRequestedV2,
  MemberLeftV1,
  MemberRequestDeclinedV2,
  MemberRequestWithdrawnV1,
  MemberRole,
  MemberRoleChangedV1,
} from '@plein/feed/contracts';
import { assertActive, isGroupStaff, type Actor } from '../actor';
import { ERROR_CODES, FeedConflictError, FeedForbiddenError, FeedNotFoundError, invalid } from '../errors';

/** One person's membership of one group (stream `member-<groupId>:<userId>`). */
export const MEMBER_AGGREGATE_TYPE = 'member';
export const membershipId = (groupId: string, userId: string): string => `${groupId}:${userId}`;

export type MembershipEvent =
  | { readonly type: 'feed.member.joined'; readonly version: 1; readonly data: MemberJoinedV1 }
  | { readonly type: 'feed.member.left'; readonly version: 1; readonly data: MemberLeftV1 }
  | { readonly type: 'feed.member.role-changed'; readonly version: 1; readonly data: MemberRoleChangedV1 }
  | { readonly type: 'feed.member.join-requested'; readonly version: 2; readonly data: MemberJoinRequestedV2 }
  | { readonly type: 'feed.member.request-declined'; readonly version: 2; readonly data: MemberRequestDeclinedV2 }
  | { readonly type: 'feed.member.request-withdrawn'; readonly version: 1; readonly data: MemberRequestWithdrawnV1 }
  | { readonly type: 'feed.member.invited'; readonly version: 1; readonly data: MemberInvitedV1 }
  | { readonly type: 'feed.member.invitation-declined'; readonly version: 1; readonly data: MemberInvitationDeclinedV1 };

interface Target {
  readonly groupId: string;
  /** The person whose membership this is. */
  readonly userId: string;
  readonly actor: Actor;
}
/** The actor's role in the group (from the memberships read model), when acting on someone else. */
interface Staff extends Target {
  readonly actorRole?: MemberRole;
}
/**
 * `owners`: current owner count of the group (memberships read model). The last owner cannot
 * leave, be removed or be demoted; two owners leaving at the same instant can race past this
 * check (the read model lags), which the application repairs by promoting a moderator.
 */
interface OwnerGuard {
  readonly owners: number;
}

export type MembershipCommand =
  | ({ readonly type: 'JoinAsCreator' } & Target)
  | ({ readonly type: 'Join'; readonly visibility: GroupVisibility; readonly message?: string } & Target)
  | ({ readonly type: 'WithdrawRequest' } & Target)
  | ({ readonly type: 'DeclineInvitation' } & Target)
  | ({ readonly type: 'ApproveRequest' } & Staff)
  /** `visibility`: the group's, for the audience of the refusal (its note is for the requester). */
  | ({ readonly type: 'DeclineRequest'; readonly visibility: GroupVisibility; readonly note?: string } & Staff)
  | ({ readonly type: 'Invite' } & Staff)
  | ({ readonly type: 'AddMember' } & Staff)
  | ({ readonly type: 'Leave' } & Target & OwnerGuard)
  | ({ readonly type: 'RemoveMember' } & Staff & OwnerGuard)
  | ({ readonly type: 'ChangeRole'; readonly role: MemberRole } & Staff & OwnerGuard)
  /** identity.user.deactivated cleanup (system actor): ends the membership whatever the role. */
  | ({ readonly type: 'RemoveDeactivatedMember' } & Target);

export type MembershipState =
  | { readonly status: 'none' }
  | { readonly status: 'requested' }
  | { readonly status: 'invited'; readonly invitedBy: string }
  | { readonly status: 'member'; readonly role: MemberRole };

export const initialMembershipState = (): MembershipState => ({ status: 'none' });

export function evolveMembership(_state: MembershipState, event: MembershipEvent): MembershipState {
  switch (event.type) {
    case 'feed.member.joined':
      return { status: 'member', role: event.data.role };
    case 'feed.member.role-changed':
      return { status: 'member', role: event.data.role };
    case 'feed.member.join-requested':
      return { status: 'requested' };
    case 'feed.member.invited':
      return { status: 'invited', invitedBy: event.data.invitedBy };
    case 'feed.member.left':
    case 'feed.member.request-declined':
    case 'feed.member.request-withdrawn':
    case 'feed.member.invitation-declined':
      return { status: 'none' };
  }
}

/**
 * Open groups: join directly. Closed groups: request; an owner or moderator approves or
 * declines. Secret groups: invitation only (to everyone else they do not exist). An invitation
 * counts as approval in any group; inviting someone who asked to join approves the request.
 * Only the group's own staff manage memberships: a platform admin has no say over a group they do
 * not own or moderate (adding themselves would be a read bypass of closed and secret groups), and
 * their own join is a request like anyone else's.
 */
export function decideMembership(command: MembershipCommand, state: MembershipState): MembershipEvent[] {
  assertActive(command.actor);
  const pair = { groupId: command.groupId, userId: command.userId };
  const joined = (role: MemberRole, via: MemberJoinedV1['via']): MembershipEvent[] => [{ type: 'feed.member.joined', version: 1, data: { ...pair, role, via } }];
  const self = () => {
    if (command.actor.userId !== command.userId) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only the person themselves does this');
  };
  const staff = (c: Staff) => {
    if (!isGroupStaff(c.actorRole)) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only group owners and moderators do this');
  };
  const conflict = (what: string) => new FeedConflictError(ERROR_CODES.membershipState, what);
  switch (command.type) {
    case 'JoinAsCreator':
      self();
      if (state.status === 'member') return [];
      return joined('owner', 'created');
    case 'Join':
      self();
      if (state.status === 'member') return [];
      if (state.status === 'invited') return joined('member', 'invitation');
      if (command.visibility === 'secret') throw new FeedNotFoundError('group', command.groupId);
      if (command.visibility === 'open') return joined('member', 'joined');
      if (state.status === 'requested') return [];
      if (command.message !== undefined && [...command.message.trim()].length > 500) throw invalid(ERROR_CODES.invalidGroup, 'message', 'is longer than 500 characters');
      return [
        {
          type: 'feed.member.join-requested',
          version: 2,
          data: { ...pair, ...(command.message?.trim() ? { message: command.message.trim() } : {}), audience: { kind: 'group', groupId: command.groupId, visibility: command.visibility } },
        },
      ];
    case 'WithdrawRequest':
      self();
      return state.status === 'requested' ? [{ type: 'feed.member.request-withdrawn', version: 1, data: pair }] : [];
    case 'DeclineInvitation':
      self();
      return state.status === 'invited' ? [{ type: 'feed.member.invitation-declined', version: 1, data: pair }] : [];
    case 'ApproveRequest':
      staff(command);
      if (state.status === 'member') return [];
      if (state.status !== 'requested') throw conflict('There is no request to approve');
      return joined('member', 'approved');
    case 'DeclineRequest': {
      staff(command);
      if (state.status === 'none') return [];
      if (state.status !== 'requested') throw conflict('There is no request to decline');
      const note = command.note?.trim();
      if (note && [...note].length > 500) throw invalid(ERROR_CODES.invalidGroup, 'note', 'is longer than 500 characters');
      const audience = { kind: 'group', groupId: command.groupId, visibility: command.visibility } as const;
      return [{ type: 'feed.member.request-declined', version: 2, data: { ...pair, ...(note ? { note } : {}), audience } }];
    }
    case 'Invite':
      staff(command);
      if (state.status === 'member' || state.status === 'invited') return [];
      if (state.status === 'requested') return joined('member', 'approved');
      return [{ type: 'feed.member.invited', version: 1, data: { ...pair, invitedBy: command.actor.userId } }];
    case 'AddMember':
      if (command.actorRole !== 'owner') throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only group owners add members directly');
      return state.status === 'member' ? [] : joined('member', 'added');
    case 'Leave':
      self();
      if (state.status !== 'member') return [];
      lastOwnerGuard(state.role, command.owners);
      return [{ type: 'feed.member.left', version: 1, data: { ...pair, reason: 'left' } }];
    case 'RemoveMember':
      staff(command);
      if (state.status !== 'member') return [];
      if (command.actor.userId === command.userId) throw conflict('Leave the group instead of removing yourself');
      if (state.role !== 'member' && command.actorRole !== 'owner') throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only owners remove owners and moderators');
      lastOwnerGuard(state.role, command.owners);
      return [{ type: 'feed.member.left', version: 1, data: { ...pair, reason: 'removed' } }];
    case 'ChangeRole':
      if (command.actorRole !== 'owner') throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only owners change roles');
      if (state.status !== 'member') throw conflict('Only members have a role');
      if (state.role === command.role) return [];
      if (command.role !== 'owner') lastOwnerGuard(state.role, command.owners);
      return [{ type: 'feed.member.role-changed', version: 1, data: { ...pair, role: command.role, previousRole: state.role } }];
    case 'RemoveDeactivatedMember':
      return state.status === 'member' ? [{ type: 'feed.member.left', version: 1, data: { ...pair, reason: 'deactivated' } }] : [];
  }
}

function lastOwnerGuard(role: MemberRole, owners: number): void {
  if (role === 'owner' && owners <= 1) throw new FeedConflictError(ERROR_CODES.lastOwner, 'A group keeps at least one owner: make someone else owner first');
}

export const membershipDecider = { decide: decideMembership, evolve: evolveMembership, initialState: initialMembershipState } as const;
