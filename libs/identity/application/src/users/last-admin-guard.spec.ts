import { uuidv7 } from '@plein/shared/kernel';
import type { CommandOutcome, UserCommandBus } from '../ports/commands.port';
import { MemoryIdentity, testMetadata } from '../testing/memory-identity';
import { LastAdminGuard, ProcessLocalExclusiveSection } from './last-admin-guard';

async function setup(adminCount: number) {
  const mem = new MemoryIdentity();
  const ids: string[] = [];
  for (let i = 0; i < adminCount + 1; i++) {
    const userId = uuidv7();
    ids.push(userId);
    await mem.userCommands.execute({ type: 'ProvisionUser', userId, attributes: { userName: `u${i}@demo.nl` }, ...(i < adminCount ? { roles: ['employee', 'admin'] } : {}) }, testMetadata());
  }
  // The inner bus yields between read and write, like the event store's round trips.
  const slow: UserCommandBus = {
    execute: async (command, metadata, options): Promise<CommandOutcome<never>> => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return (await mem.userCommands.execute(command, metadata, options)) as CommandOutcome<never>;
    },
  };
  const guarded = new LastAdminGuard({ commands: slow, users: mem.userDirectory, section: new ProcessLocalExclusiveSection() });
  const activeAdmins = async () => (await mem.userDirectory.countActiveWithRole('admin'));
  return { mem, ids, guarded, activeAdmins };
}

describe('LastAdminGuard', () => {
  it.each([
    ['RevokeRole admin', (userId: string) => ({ type: 'RevokeRole' as const, userId, role: 'admin' as const })],
    ['DeactivateUser', (userId: string) => ({ type: 'DeactivateUser' as const, userId, reason: 'deprovisioned' as const })],
    ['DeleteUser', (userId: string) => ({ type: 'DeleteUser' as const, userId })],
  ])('refuses %s of the last active admin, on any path that uses the user commands', async (_name, command) => {
    const { ids, guarded, activeAdmins } = await setup(1);
    await expect(guarded.execute(command(ids[0]!), testMetadata())).rejects.toMatchObject({ code: 'IDENTITY.LAST_ADMIN', kind: 'conflict' });
    expect(await activeAdmins()).toBe(1);
    // A non-admin is not affected by the rule.
    await expect(guarded.execute(command(ids[1]!), testMetadata())).resolves.toBeDefined();
  });

  it('serialises concurrent removals: of two admins removing each other, one wins', async () => {
    const { ids, guarded, activeAdmins } = await setup(2);
    const results = await Promise.allSettled([
      guarded.execute({ type: 'RevokeRole', userId: ids[0]!, role: 'admin' }, testMetadata()),
      guarded.execute({ type: 'DeactivateUser', userId: ids[1]!, reason: 'administrator' }, testMetadata()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await activeAdmins()).toBe(1);
  });

  it('lets other commands through untouched', async () => {
    const { ids, guarded } = await setup(1);
    await expect(guarded.execute({ type: 'GrantRole', userId: ids[1]!, role: 'admin' }, testMetadata())).resolves.toMatchObject({ events: [expect.objectContaining({ type: 'identity.user.role-granted' })] });
    await expect(guarded.execute({ type: 'RevokeRole', userId: ids[0]!, role: 'moderator' }, testMetadata())).resolves.toBeDefined();
  });
});
