import { uuidv7 } from '@plein/shared/kernel';
import { MemoryIdentity, testMetadata } from '../testing/memory-identity';
import { UserProvisioning } from './provisioning';

const attributes = (userName: string) => ({ userName, displayName: userName, email: userName });

describe('UserProvisioning bootstrap admins', () => {
  it('grants admin to a bootstrap userName once: the next holder of a freed name is not admin', async () => {
    const mem = new MemoryIdentity();
    const provisioning = new UserProvisioning({ commands: mem.userCommands, users: mem.userDirectory, userNames: mem.userNames, marks: mem.marks, bootstrapAdmins: ['Boss@Demo.nl'] });
    const first = uuidv7();
    await provisioning.provision({ userId: first, attributes: attributes('boss@demo.nl') }, testMetadata());
    expect((await mem.userDirectory.get(first))!.roles).toContain('admin');

    // The first holder is deprovisioned; the name is free again and someone else gets it.
    await mem.userCommands.execute({ type: 'DeleteUser', userId: first }, testMetadata());
    await mem.userNames.release('boss@demo.nl', first);
    const second = uuidv7();
    await provisioning.provision({ userId: second, attributes: attributes('BOSS@demo.nl') }, testMetadata());
    expect((await mem.userDirectory.get(second))!.roles).not.toContain('admin');

    // Same at a just-in-time login.
    await mem.userCommands.execute({ type: 'DeleteUser', userId: second }, testMetadata());
    await mem.userNames.release('boss@demo.nl', second);
    const third = uuidv7();
    await provisioning.provisionFromLogin(third, 'idp-sub', attributes('boss@demo.nl'), testMetadata());
    expect((await mem.userDirectory.get(third))!.roles).not.toContain('admin');
  });

  it('records the grant per name, so another bootstrap name is still granted', async () => {
    const mem = new MemoryIdentity();
    const provisioning = new UserProvisioning({ commands: mem.userCommands, users: mem.userDirectory, userNames: mem.userNames, marks: mem.marks, bootstrapAdmins: ['a@demo.nl', 'b@demo.nl'] });
    const a = uuidv7();
    const b = uuidv7();
    await provisioning.provisionFromLogin(a, 'sub-a', attributes('a@demo.nl'), testMetadata());
    await provisioning.provision({ userId: b, attributes: attributes('b@demo.nl') }, testMetadata());
    expect((await mem.userDirectory.get(a))!.roles).toContain('admin');
    expect((await mem.userDirectory.get(b))!.roles).toContain('admin');
  });
});
