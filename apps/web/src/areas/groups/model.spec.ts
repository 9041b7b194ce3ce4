import type { Group, Membership } from './api';
import { callOf, createInput, managesRequests, membershipActions, postsIn, replaceGroup, seesPosts, withoutRequest } from './model';

const group = (over: Partial<Group> & Pick<Group, 'groupId'>): Group => ({
  name: `Group ${over.groupId}`,
  visibility: 'open',
  ownerId: 'u-owner',
  createdAt: '2026-12-01T10:00:00.000Z',
  memberCount: 1,
  you: { status: 'none', role: null },
  ...over,
});

describe('groups model', () => {
  it('offers the membership actions the standing allows', () => {
    expect(membershipActions(group({ groupId: 'a', visibility: 'open' }))).toEqual(['join']);
    expect(membershipActions(group({ groupId: 'a', visibility: 'closed' }))).toEqual(['request']);
    expect(membershipActions(group({ groupId: 'a', visibility: 'secret' }))).toEqual([]);
    expect(membershipActions(group({ groupId: 'a', visibility: 'closed', you: { status: 'requested', role: null } }))).toEqual(['withdraw']);
    expect(membershipActions(group({ groupId: 'a', visibility: 'secret', you: { status: 'invited', role: null } }))).toEqual(['accept', 'decline']);
    expect(membershipActions(group({ groupId: 'a', visibility: 'closed', you: { status: 'member', role: 'owner' } }))).toEqual(['leave']);
    expect(['join', 'request', 'accept'].map((a) => callOf(a as never))).toEqual(['join', 'join', 'join']);
    expect(['decline', 'withdraw', 'leave'].map((a) => callOf(a as never))).toEqual(['leave', 'leave', 'leave']);
  });

  it('shows posts of open groups to everyone and of closed or secret ones to members; only members post; owners and moderators decide requests', () => {
    const member = { status: 'member', role: 'member' } as const;
    expect(seesPosts(group({ groupId: 'a', visibility: 'open' }))).toBe(true);
    expect(seesPosts(group({ groupId: 'a', visibility: 'closed' }))).toBe(false);
    expect(seesPosts(group({ groupId: 'a', visibility: 'closed', you: { status: 'requested', role: null } }))).toBe(false);
    expect(seesPosts(group({ groupId: 'a', visibility: 'secret', you: member }))).toBe(true);
    expect(postsIn(group({ groupId: 'a', visibility: 'open' }))).toBe(false);
    expect(postsIn(group({ groupId: 'a', you: member }))).toBe(true);
    expect(managesRequests(group({ groupId: 'a', you: member }))).toBe(false);
    expect(managesRequests(group({ groupId: 'a', you: { status: 'member', role: 'owner' } }))).toBe(true);
    expect(managesRequests(group({ groupId: 'a', you: { status: 'member', role: 'moderator' } }))).toBe(true);
    expect(managesRequests(group({ groupId: 'a', you: { status: 'invited', role: null } }))).toBe(false);
  });

  it('replaces a changed group in place, or drops one the reader can no longer see', () => {
    const shown = [group({ groupId: 'a' }), group({ groupId: 'b' }), group({ groupId: 'c' })];
    const joined = group({ groupId: 'b', memberCount: 2, you: { status: 'member', role: 'member' } });
    expect(replaceGroup(shown, 'b', joined)).toEqual([shown[0], joined, shown[2]]);
    expect(replaceGroup(shown, 'b', joined)[1]).toBe(joined);
    expect(replaceGroup(shown, 'b', null).map((g) => g.groupId)).toEqual(['a', 'c']);
  });

  it('drops a decided request', () => {
    const requests: Membership[] = [
      { groupId: 'g', userId: 'u1', status: 'requested' },
      { groupId: 'g', userId: 'u2', status: 'requested', message: 'please' },
    ];
    expect(withoutRequest(requests, 'u1')).toEqual([requests[1]]);
  });

  it('builds the create body: trimmed, no empty description', () => {
    expect(createInput('  Lab move ', '   ', 'closed')).toEqual({ name: 'Lab move', visibility: 'closed' });
    expect(createInput('Koffie', ' Beans. ', 'open')).toEqual({ name: 'Koffie', description: 'Beans.', visibility: 'open' });
  });
});
