import { identityContracts } from '@plein/identity/contracts';
import type { UserEventType } from './user.events';

describe('User event types', () => {
  it('are exactly the identity.user contracts (v1), so nothing the decider emits lacks a contract', () => {
    const types: Record<UserEventType, true> = {
      'identity.user.provisioned': true,
      'identity.user.attributes-changed': true,
      'identity.user.manager-changed': true,
      'identity.user.manager-reference-changed': true,
      'identity.user.deactivated': true,
      'identity.user.reactivated': true,
      'identity.user.deleted': true,
      'identity.user.role-granted': true,
      'identity.user.role-revoked': true,
    };
    const contracted = identityContracts.filter((c) => c.aggregateType === 'user').map((c) => `${c.type}@v${c.version}`);
    expect(Object.keys(types).map((t) => `${t}@v1`).sort()).toEqual(contracted.sort());
  });
});
