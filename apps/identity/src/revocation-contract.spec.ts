import { REVOCATION_TOPICS, SESSION_REVOKING_EVENTS, USER_REVOKING_EVENTS } from '@plein/shared/auth';
import { identityContracts } from '@plein/identity/contracts';

// @plein/shared/auth cannot import identity's contracts (shared code depends on no service), so it
// names the revoking events and topics itself; this keeps those names true to the contracts.
describe('the revocation names of @plein/shared/auth', () => {
  it('are identity contracts on the topics the guard consumes', () => {
    const byType = new Map(identityContracts.map((c) => [c.type, c]));
    for (const type of [...USER_REVOKING_EVENTS, ...SESSION_REVOKING_EVENTS]) {
      expect(byType.get(type)).toBeDefined();
      expect(REVOCATION_TOPICS).toContain(byType.get(type)!.topic);
    }
    expect(USER_REVOKING_EVENTS.map((t) => byType.get(t)!.aggregateType)).toEqual(['user', 'user', 'user']);
    expect(SESSION_REVOKING_EVENTS.map((t) => byType.get(t)!.aggregateType)).toEqual(['session']);
  });
});
