import type { Actor } from '@plein/feed/domain';
import { groupContextOf, type FeedDependencies } from './context';
import type { GroupView, MembershipView } from './ports';

/** The group a new post, idea jam or agenda item is aimed at, as the caller may see it. */
describe('groupContextOf', () => {
  const secret = '019a0000-0000-7000-8000-0000000000a1';
  const closed = '019a0000-0000-7000-8000-0000000000a2';
  const missing = '019a0000-0000-7000-8000-0000000000a3';
  const member: Actor = { userId: 'mia', active: true, roles: ['employee'] };
  const outsider: Actor = { userId: 'otto', active: true, roles: ['employee', 'community-manager', 'admin'] };
  const groups = new Map<string, GroupView>([
    [secret, { groupId: secret, name: 'Board', visibility: 'secret' } as GroupView],
    [closed, { groupId: closed, name: 'Lab', visibility: 'closed' } as GroupView],
  ]);
  const deps = {
    readModels: {
      groups: {
        group: async (groupId: string) => groups.get(groupId) ?? null,
        membership: async (groupId: string, userId: string) => (userId === 'mia' && groupId === secret ? ({ groupId, userId, status: 'member', role: 'member' } as MembershipView) : null),
      },
    },
  } as unknown as FeedDependencies;
  const at = (groupId: string) => ({ kind: 'group', groupId }) as const;

  it('answers a secret group the caller is not in exactly like a missing one (also for admins)', async () => {
    await expect(groupContextOf(deps, at(missing), outsider)).rejects.toMatchObject({ code: 'FEED.GROUP_NOT_FOUND' });
    await expect(groupContextOf(deps, at(secret), outsider)).rejects.toMatchObject({ code: 'FEED.GROUP_NOT_FOUND' });
  });

  it('gives members their role, and non-members of a closed group (it exists for everyone) none', async () => {
    await expect(groupContextOf(deps, at(secret), member)).resolves.toEqual({ groupId: secret, visibility: 'secret', role: 'member' });
    await expect(groupContextOf(deps, at(closed), outsider)).resolves.toEqual({ groupId: closed, visibility: 'closed' });
    await expect(groupContextOf(deps, { kind: 'organisation' }, outsider)).resolves.toBeUndefined();
  });

  it('refuses a deactivated caller before looking anything up, so a missing and an existing group answer alike', async () => {
    const gone = { ...member, active: false };
    for (const groupId of [secret, closed, missing]) {
      await expect(groupContextOf(deps, at(groupId), gone)).rejects.toMatchObject({ code: 'FEED.ACTOR_INACTIVE' });
    }
  });
});
