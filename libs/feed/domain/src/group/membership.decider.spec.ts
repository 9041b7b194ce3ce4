import type { MemberRole } from '@plein/feed/contracts';
import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { membershipDecider, type MembershipCommand, type MembershipEvent } from './membership.decider';

const spec = deciderSpec(membershipDecider);
const pair = { groupId: ids.group, userId: ids.bram };
const bram = actor(ids.bram);
const owner = actor(ids.ada);
const asSelf = { ...pair, actor: bram };
const asOwner = { ...pair, actor: owner, actorRole: 'owner' as const };
const joined = (role: MemberRole, via: 'created' | 'joined' | 'approved' | 'invitation' | 'added'): MembershipEvent => ({ type: 'feed.member.joined', version: 1, data: { ...pair, role, via } });
const closedGroup = { kind: 'group', groupId: ids.group, visibility: 'closed' } as const;
const requested: MembershipEvent = { type: 'feed.member.join-requested', version: 2, data: { ...pair, audience: closedGroup } };
const invited: MembershipEvent = { type: 'feed.member.invited', version: 1, data: { ...pair, invitedBy: ids.ada } };
const cmd = (c: MembershipCommand) => c;

describe('Membership decider', () => {
  it('joins an open group at once, requests a closed one, and cannot see a secret one', () => {
    spec.given().when(cmd({ type: 'Join', ...asSelf, visibility: 'open' })).then([joined('member', 'joined')]);
    spec.given().when(cmd({ type: 'Join', ...asSelf, visibility: 'closed', message: ' I run the move ' })).then([
      { type: 'feed.member.join-requested', version: 2, data: { ...pair, message: 'I run the move', audience: closedGroup } },
    ]);
    spec.given(requested).when(cmd({ type: 'Join', ...asSelf, visibility: 'closed' })).thenNothing();
    spec.given().when(cmd({ type: 'Join', ...asSelf, visibility: 'secret' })).thenThrows({ code: 'FEED.GROUP_NOT_FOUND' });
    spec.given(joined('member', 'joined')).when(cmd({ type: 'Join', ...asSelf, visibility: 'open' })).thenNothing();
    spec.given().when(cmd({ type: 'Join', ...pair, actor: owner, visibility: 'open' })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
  });

  it('lets owners and moderators approve or decline requests; the requester may withdraw', () => {
    spec.given(requested).when(cmd({ type: 'ApproveRequest', ...asOwner })).then([joined('member', 'approved')]);
    spec.given(requested).when(cmd({ type: 'DeclineRequest', ...asOwner, actorRole: 'moderator', visibility: 'closed', note: 'Staff only' })).then([
      { type: 'feed.member.request-declined', version: 2, data: { ...pair, note: 'Staff only', audience: closedGroup } },
    ]);
    // The group turned secret since the request: the refusal's note follows the group's current visibility.
    spec.given(requested).when(cmd({ type: 'DeclineRequest', ...asOwner, visibility: 'secret' })).then([
      { type: 'feed.member.request-declined', version: 2, data: { ...pair, audience: { ...closedGroup, visibility: 'secret' } } },
    ]);
    spec.given(requested).when(cmd({ type: 'ApproveRequest', ...asOwner, actorRole: 'member' })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given().when(cmd({ type: 'ApproveRequest', ...asOwner })).thenThrows({ code: 'FEED.MEMBERSHIP_STATE' });
    spec.given(requested).when(cmd({ type: 'WithdrawRequest', ...asSelf })).then([{ type: 'feed.member.request-withdrawn', version: 1, data: pair }]);
  });

  it('invites into any group (the way into a secret one); accepting joins, declining ends it', () => {
    spec.given().when(cmd({ type: 'Invite', ...asOwner })).then([invited]);
    spec.given(invited).when(cmd({ type: 'Join', ...asSelf, visibility: 'secret' })).then([joined('member', 'invitation')]);
    spec.given(invited).when(cmd({ type: 'DeclineInvitation', ...asSelf })).then([{ type: 'feed.member.invitation-declined', version: 1, data: pair }]);
    spec.given(requested).when(cmd({ type: 'Invite', ...asOwner })).then([joined('member', 'approved')]);
    spec.given().when(cmd({ type: 'AddMember', ...asOwner, actorRole: 'moderator' })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
  });

  it('gives platform admins no say over a group they do not run: membership is the group staff\'s business', () => {
    const admin = actor(ids.chris, { roles: ['employee', 'moderator', 'admin'] });
    const asAdmin = { ...pair, actor: admin };
    const asAdminForSelf = { groupId: ids.group, userId: ids.chris, actor: admin };
    // Adding or inviting themselves (the way into a closed or secret group's content) or anyone else.
    spec.given().when(cmd({ type: 'AddMember', ...asAdminForSelf })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given().when(cmd({ type: 'Invite', ...asAdminForSelf })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given().when(cmd({ type: 'AddMember', ...asAdmin })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given().when(cmd({ type: 'Invite', ...asAdmin })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given(requested).when(cmd({ type: 'ApproveRequest', ...asAdmin })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given(joined('moderator', 'approved')).when(cmd({ type: 'RemoveMember', ...asAdmin, owners: 2 })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given(joined('member', 'approved')).when(cmd({ type: 'ChangeRole', ...asAdmin, owners: 1, role: 'owner' })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    // An admin who owns the group acts as its owner.
    spec.given().when(cmd({ type: 'AddMember', ...asAdmin, actorRole: 'owner' })).then([joined('member', 'added')]);
  });

  it('keeps at least one owner: the last owner can neither leave, be removed nor be demoted', () => {
    const ownerMembership = joined('owner', 'created');
    spec.given().when(cmd({ type: 'JoinAsCreator', ...asSelf })).then([ownerMembership]);
    spec.given(ownerMembership).when(cmd({ type: 'Leave', ...asSelf, owners: 1 })).thenThrows({ code: 'FEED.LAST_OWNER' });
    spec.given(ownerMembership).when(cmd({ type: 'Leave', ...asSelf, owners: 2 })).then([{ type: 'feed.member.left', version: 1, data: { ...pair, reason: 'left' } }]);
    spec.given(ownerMembership).when(cmd({ type: 'ChangeRole', ...asSelf, actorRole: 'owner', role: 'member', owners: 1 })).thenThrows({ code: 'FEED.LAST_OWNER' });
    spec.given(ownerMembership).when(cmd({ type: 'RemoveMember', ...asOwner, owners: 1 })).thenThrows({ code: 'FEED.LAST_OWNER' });
  });

  it('lets moderators remove members but not owners or moderators; owners change roles', () => {
    spec.given(joined('member', 'joined')).when(cmd({ type: 'RemoveMember', ...asOwner, actorRole: 'moderator', owners: 1 })).then([
      { type: 'feed.member.left', version: 1, data: { ...pair, reason: 'removed' } },
    ]);
    spec.given(joined('moderator', 'joined')).when(cmd({ type: 'RemoveMember', ...asOwner, actorRole: 'moderator', owners: 1 })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given(joined('member', 'joined')).when(cmd({ type: 'ChangeRole', ...asOwner, role: 'moderator', owners: 1 })).then([
      { type: 'feed.member.role-changed', version: 1, data: { ...pair, role: 'moderator', previousRole: 'member' } },
    ]);
    spec.given(joined('member', 'joined')).when(cmd({ type: 'ChangeRole', ...asOwner, actorRole: 'moderator', role: 'owner', owners: 1 })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
  });

  it('ends a deactivated member\'s membership on request of the system, whatever the role', () => {
    spec.given(joined('owner', 'created')).when(cmd({ type: 'RemoveDeactivatedMember', ...pair, actor: { userId: 'system:feed', active: true, roles: ['admin'] } })).then([
      { type: 'feed.member.left', version: 1, data: { ...pair, reason: 'deactivated' } },
    ]);
    spec.given(joined('member', 'joined')).when(cmd({ type: 'Leave', ...asSelf, actor: { ...bram, active: false }, owners: 1 })).thenThrows({ code: 'FEED.ACTOR_INACTIVE' });
  });
});
