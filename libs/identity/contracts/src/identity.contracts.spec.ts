import { ContractRegistry, ContractViolationError, exampleEnvelope, type EventContract } from '@plein/shared/contracts';
import { identityContracts, identityUpcasters, userAttributesChangedV1, userProvisionedV1, userRoleRevokedV1 } from './index';

const registry = new ContractRegistry(identityContracts, identityUpcasters);

function fieldsRejected<T>(contract: EventContract<T>, data: unknown): string[] {
  try {
    registry.validate(exampleEnvelope(contract, { data: data as T }));
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolationError);
    return [...new Set((error as ContractViolationError).violations.map((v) => v.field))];
  }
  return [];
}

describe('identity contracts', () => {
  it('cover the identity topics, all keyed by their aggregate id', () => {
    expect(registry.topics().map((t) => [t.topic, t.definition?.key.description.split(':')[0]])).toEqual([
      ['identity.group.events.v1', 'groupId'],
      ['identity.session.events.v1', 'sessionId'],
      ['identity.user.events.v1', 'userId'],
    ]);
  });

  it('refuse a provisioned user with a bad e-mail, unknown role, duplicate badge or extra personal data', () => {
    const data = { ...userProvisionedV1.example, email: 'not-an-email', roles: ['employee', 'root'], badges: ['ambassador', 'ambassador'], phone: '+44 1' };
    expect(fieldsRejected(userProvisionedV1, data).sort()).toEqual(['/data/badges', '/data/email', '/data/phone', '/data/roles/1'].sort());
  });

  it('require at least one change and let null clear only optional attributes', () => {
    expect(fieldsRejected(userAttributesChangedV1, { changes: {} })).toEqual(['/data/changes']);
    expect(fieldsRejected(userAttributesChangedV1, { changes: { department: null, title: null } })).toEqual([]);
    expect(fieldsRejected(userAttributesChangedV1, { changes: { email: null } })).toEqual([]);
    expect(fieldsRejected(userAttributesChangedV1, { changes: { userName: null } })).toEqual(['/data/changes/userName']);
  });

  it('never revoke the employee role', () => {
    expect(fieldsRejected(userRoleRevokedV1, { role: 'employee' })).toEqual(['/data/role']);
    expect(fieldsRejected(userRoleRevokedV1, { role: 'admin' })).toEqual([]);
  });
});
