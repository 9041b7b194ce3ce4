import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { identityContracts } from '@plein/identity/contracts';
import { deciderSpec } from '../testing/decider-spec';
import { userDecider } from './user.decider';
import type { UserEvent } from './user.events';

const registry = new ContractRegistry(identityContracts);
/** Every event the decider produces must pass its public contract (the store validates the same way). */
const conforms = (event: UserEvent) => registry.validate(exampleEnvelope(registry.contract(event.type, event.version), { data: event.data }));
const spec = deciderSpec(userDecider, conforms);

const SANNE = '01964b1e-0000-7000-8000-000000000101';
const DAAN = '01964b1e-0000-7000-8000-000000000102';
const EVA = '01964b1e-0000-7000-8000-000000000103';

const sanneInput = {
  userName: 'sanne.devries@demo.plein.dev',
  externalId: 'E1004',
  givenName: 'Sanne',
  familyName: 'de Vries',
  email: 'sanne.devries@demo.plein.dev',
  employeeNumber: '1004',
  department: 'Klantenservice',
  title: 'Teamleider',
  location: 'Utrecht',
  managementLevel: 'manager',
};
const provisioned: UserEvent = {
  type: 'identity.user.provisioned',
  version: 1,
  data: {
    userName: 'sanne.devries@demo.plein.dev',
    externalId: 'E1004',
    email: 'sanne.devries@demo.plein.dev',
    displayName: 'Sanne de Vries',
    givenName: 'Sanne',
    familyName: 'de Vries',
    employeeNumber: '1004',
    department: 'Klantenservice',
    title: 'Teamleider',
    location: 'Utrecht',
    managementLevel: 'manager',
    badges: [],
    managerId: DAAN,
    roles: ['employee'],
  },
};
const deactivated: UserEvent = { type: 'identity.user.deactivated', version: 1, data: { reason: 'deprovisioned' } };

describe('User decider', () => {
  describe('ProvisionUser', () => {
    it('provisions with the full initial attribute set, deriving the display name', () => {
      spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, managerId: DAAN }).then([provisioned]);
    });

    it('fills what a directory leaves out: externalId and e-mail from the userName, level employee', () => {
      spec
        .given()
        .when({ type: 'ProvisionUser', userId: SANNE, attributes: { userName: '  ruben@demo.plein.dev ', department: '' } })
        .then([
          {
            type: 'identity.user.provisioned',
            version: 1,
            data: { userName: 'ruben@demo.plein.dev', externalId: 'ruben@demo.plein.dev', email: 'ruben@demo.plein.dev', displayName: 'ruben@demo.plein.dev', managementLevel: 'employee', badges: [], managerId: null, roles: ['employee'] },
          },
        ]);
    });

    it('seeds extra roles and badges, always keeping employee first', () => {
      spec
        .given()
        .when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, managerId: DAAN, roles: ['admin', 'employee', 'admin'], badges: ['ambassador'] })
        .then([{ ...provisioned, data: { ...provisioned.data, roles: ['employee', 'admin'], badges: ['ambassador'] } } as UserEvent]);
    });

    it('provisions and deactivates at once when the directory creates an inactive user', () => {
      spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, managerId: DAAN, active: false }).then([provisioned, deactivated]);
    });

    it('provisions a user with only a userName that is not an address: no e-mail (RFC 7643 requires only userName)', () => {
      const [event] = spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: { userName: 'sanne' } }).produced();
      expect(event).toMatchObject({ type: 'identity.user.provisioned', data: { userName: 'sanne', displayName: 'sanne' } });
      expect(event!.data).not.toHaveProperty('email');
    });

    it('refuses a second provisioning, bad attributes, self-management and unknown roles', () => {
      spec.given(provisioned).when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput }).thenThrows({ code: 'IDENTITY.USER_ALREADY_EXISTS' });
      spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: { userName: 'bad-email', email: 'not an address' } }).thenThrows({ code: 'IDENTITY.INVALID_USER_ATTRIBUTES' });
      spec
        .given()
        .when({ type: 'ProvisionUser', userId: SANNE, attributes: { ...sanneInput, managementLevel: 'ceo', givenName: 'x'.repeat(101) } })
        .thenThrows({ code: 'IDENTITY.INVALID_USER_ATTRIBUTES', violations: [{ field: 'managementLevel', message: expect.any(String) }, { field: 'givenName', message: 'must be at most 100 characters' }] });
      spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, managerId: SANNE }).thenThrows({ code: 'IDENTITY.MANAGER_CYCLE' });
      spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, managerId: 'daan' }).thenThrows({ code: 'IDENTITY.INVALID_MANAGER' });
      spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, roles: ['root' as never] }).thenThrows({ code: 'IDENTITY.UNKNOWN_ROLE' });
    });
  });

  describe('ProvisionUserFromLogin (JIT)', () => {
    it('uses the subject as externalId and grants nothing beyond employee', () => {
      spec
        .given()
        .when({ type: 'ProvisionUserFromLogin', userId: EVA, subject: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', attributes: { userName: 'eva@demo.plein.dev', givenName: 'Eva', familyName: 'Smit' } })
        .then([
          {
            type: 'identity.user.provisioned',
            version: 1,
            data: { userName: 'eva@demo.plein.dev', externalId: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', email: 'eva@demo.plein.dev', displayName: 'Eva Smit', givenName: 'Eva', familyName: 'Smit', managementLevel: 'employee', badges: [], managerId: null, roles: ['employee'] },
          },
        ]);
    });
  });

  describe('UpdateUserAttributes', () => {
    it('emits only what changed; null clears an optional attribute', () => {
      spec
        .given(provisioned)
        .when({ type: 'UpdateUserAttributes', userId: SANNE, changes: { title: 'Manager Klantenservice', location: null, department: 'Klantenservice', managementLevel: 'Director' } })
        .then([{ type: 'identity.user.attributes-changed', version: 1, data: { changes: { title: 'Manager Klantenservice', location: null, managementLevel: 'director' } } }]);
    });

    it('is a no-op when nothing changes, and keeps the externalId when the source omits it', () => {
      spec.given(provisioned).when({ type: 'UpdateUserAttributes', userId: SANNE, changes: { ...sanneInput, externalId: null, displayName: ' Sanne de Vries ' } }).thenNothing();
    });

    it('re-derives the display name when it is cleared and works on deactivated users', () => {
      spec
        .given(provisioned, deactivated)
        .when({ type: 'UpdateUserAttributes', userId: SANNE, changes: { displayName: null, givenName: 'Sanna' } })
        .then([{ type: 'identity.user.attributes-changed', version: 1, data: { changes: { displayName: 'Sanna de Vries', givenName: 'Sanna' } } }]);
    });

    it('refuses an unknown user and invalid values', () => {
      spec.given().when({ type: 'UpdateUserAttributes', userId: SANNE, changes: { title: 'x' } }).thenThrows({ code: 'IDENTITY.USER_NOT_FOUND' });
      spec.given(provisioned).when({ type: 'UpdateUserAttributes', userId: SANNE, changes: { email: 'not an address' } }).thenThrows({ code: 'IDENTITY.INVALID_USER_ATTRIBUTES' });
    });
  });

  describe('ChangeManager', () => {
    it('records the new and previous manager', () => {
      spec.given(provisioned).when({ type: 'ChangeManager', userId: SANNE, managerId: EVA }).then([{ type: 'identity.user.manager-changed', version: 1, data: { managerId: EVA, previousManagerId: DAAN } }]);
      spec.given(provisioned).when({ type: 'ChangeManager', userId: SANNE, managerId: null }).then([{ type: 'identity.user.manager-changed', version: 1, data: { managerId: null, previousManagerId: DAAN } }]);
      spec.given(provisioned).when({ type: 'ChangeManager', userId: SANNE, managerId: DAAN }).thenNothing();
    });

    it('refuses cycles it can see: itself, or itself in the new manager\'s reports-to chain', () => {
      spec.given(provisioned).when({ type: 'ChangeManager', userId: SANNE, managerId: SANNE }).thenThrows({ code: 'IDENTITY.MANAGER_CYCLE' });
      spec.given(provisioned).when({ type: 'ChangeManager', userId: SANNE, managerId: EVA, managerChain: [DAAN, SANNE] }).thenThrows({ code: 'IDENTITY.MANAGER_CYCLE' });
      spec.given(provisioned).when({ type: 'ChangeManager', userId: SANNE, managerId: EVA, managerChain: [DAAN] }).then([{ type: 'identity.user.manager-changed', version: 1, data: { managerId: EVA, previousManagerId: DAAN } }]);
    });
  });

  describe('ReferenceManager (a manager not provisioned yet)', () => {
    const pending: UserEvent = { type: 'identity.user.manager-reference-changed', version: 1, data: { reference: 'hr-42' } };
    const dropped: UserEvent = { type: 'identity.user.manager-reference-changed', version: 1, data: { reference: null } };

    it('ends the current manager and keeps the reference; repeating it changes nothing', () => {
      spec.given(provisioned).when({ type: 'ReferenceManager', userId: SANNE, reference: 'hr-42' }).then([{ type: 'identity.user.manager-changed', version: 1, data: { managerId: null, previousManagerId: DAAN } }, pending]);
      spec.given(provisioned, { type: 'identity.user.manager-changed', version: 1, data: { managerId: null, previousManagerId: DAAN } }, pending).when({ type: 'ReferenceManager', userId: SANNE, reference: 'hr-42' }).thenNothing();
    });

    it('provisions with a pending reference instead of a manager', () => {
      const [, reference] = spec.given().when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput, managerReference: 'hr-42' }).produced();
      expect(reference).toEqual(pending);
    });

    it('a resolved (or new) manager drops the reference, also when the manager is unchanged', () => {
      spec.given(provisioned, pending).when({ type: 'ChangeManager', userId: SANNE, managerId: EVA }).then([{ type: 'identity.user.manager-changed', version: 1, data: { managerId: EVA, previousManagerId: DAAN } }, dropped]);
      spec.given(provisioned, pending).when({ type: 'ChangeManager', userId: SANNE, managerId: DAAN }).then([dropped]);
    });

    it('refuses an empty or over-long reference', () => {
      spec.given(provisioned).when({ type: 'ReferenceManager', userId: SANNE, reference: ' ' }).thenThrows({ code: 'IDENTITY.INVALID_MANAGER' });
      spec.given(provisioned).when({ type: 'ReferenceManager', userId: SANNE, reference: 'x'.repeat(257) }).thenThrows({ code: 'IDENTITY.INVALID_MANAGER' });
    });
  });

  describe('lifecycle', () => {
    it('deactivates once, for the given reason', () => {
      spec.given(provisioned).when({ type: 'DeactivateUser', userId: SANNE, reason: 'administrator' }).then([{ type: 'identity.user.deactivated', version: 1, data: { reason: 'administrator' } }]);
      spec.given(provisioned, deactivated).when({ type: 'DeactivateUser', userId: SANNE, reason: 'administrator' }).thenNothing();
    });

    it('reactivates only a deactivated user', () => {
      spec.given(provisioned, deactivated).when({ type: 'ReactivateUser', userId: SANNE }).then([{ type: 'identity.user.reactivated', version: 1, data: {} }]);
      spec.given(provisioned).when({ type: 'ReactivateUser', userId: SANNE }).thenNothing();
    });

    it('deletes after deactivating (reason deprovisioned); deleted and unknown users are not found', () => {
      const deleted: UserEvent = { type: 'identity.user.deleted', version: 1, data: {} };
      spec.given(provisioned).when({ type: 'DeleteUser', userId: SANNE }).then([deactivated, deleted]);
      spec.given(provisioned, deactivated).when({ type: 'DeleteUser', userId: SANNE }).then([deleted]);
      spec.given(provisioned, deactivated, deleted).when({ type: 'DeleteUser', userId: SANNE }).thenThrows({ code: 'IDENTITY.USER_NOT_FOUND' });
      spec.given(provisioned, deactivated, deleted).when({ type: 'ReactivateUser', userId: SANNE }).thenThrows({ code: 'IDENTITY.USER_NOT_FOUND' });
      spec.given(provisioned, deactivated, deleted).when({ type: 'ProvisionUser', userId: SANNE, attributes: sanneInput }).thenThrows({ code: 'IDENTITY.USER_ALREADY_EXISTS' });
      spec.given().when({ type: 'DeleteUser', userId: SANNE }).thenThrows({ code: 'IDENTITY.USER_NOT_FOUND' });
    });
  });

  describe('roles and badges', () => {
    it('grants and revokes roles once each; employee is implicit and permanent', () => {
      spec.given(provisioned).when({ type: 'GrantRole', userId: SANNE, role: 'moderator' }).then([{ type: 'identity.user.role-granted', version: 1, data: { role: 'moderator' } }]);
      spec.given(provisioned, { type: 'identity.user.role-granted', version: 1, data: { role: 'moderator' } }).when({ type: 'GrantRole', userId: SANNE, role: 'moderator' }).thenNothing();
      spec.given(provisioned, { type: 'identity.user.role-granted', version: 1, data: { role: 'moderator' } }).when({ type: 'RevokeRole', userId: SANNE, role: 'moderator' }).then([{ type: 'identity.user.role-revoked', version: 1, data: { role: 'moderator' } }]);
      spec.given(provisioned).when({ type: 'RevokeRole', userId: SANNE, role: 'admin' }).thenNothing();
      spec.given(provisioned).when({ type: 'GrantRole', userId: SANNE, role: 'employee' }).thenNothing();
      spec.given(provisioned).when({ type: 'RevokeRole', userId: SANNE, role: 'employee' }).thenThrows({ code: 'IDENTITY.ROLE_NOT_REVOCABLE' });
    });

    it('grants and revokes hr-legal (who receives escalated moderation cases) like the other roles', () => {
      spec.given(provisioned).when({ type: 'GrantRole', userId: SANNE, role: 'hr-legal' }).then([{ type: 'identity.user.role-granted', version: 1, data: { role: 'hr-legal' } }]);
      spec.given(provisioned, { type: 'identity.user.role-granted', version: 1, data: { role: 'hr-legal' } }).when({ type: 'RevokeRole', userId: SANNE, role: 'hr-legal' }).then([{ type: 'identity.user.role-revoked', version: 1, data: { role: 'hr-legal' } }]);
    });

    it('grants and revokes insights-viewer (who reads the insights aggregates) like the other roles', () => {
      spec.given(provisioned).when({ type: 'GrantRole', userId: SANNE, role: 'insights-viewer' }).then([{ type: 'identity.user.role-granted', version: 1, data: { role: 'insights-viewer' } }]);
      spec.given(provisioned, { type: 'identity.user.role-granted', version: 1, data: { role: 'insights-viewer' } }).when({ type: 'RevokeRole', userId: SANNE, role: 'insights-viewer' }).then([{ type: 'identity.user.role-revoked', version: 1, data: { role: 'insights-viewer' } }]);
    });

    it('refuses grants to a deactivated user but still allows revoking', () => {
      spec.given(provisioned, deactivated).when({ type: 'GrantRole', userId: SANNE, role: 'admin' }).thenThrows({ code: 'IDENTITY.USER_DEACTIVATED' });
      spec.given(provisioned, deactivated).when({ type: 'GrantBadge', userId: SANNE, badge: 'ambassador' }).thenThrows({ code: 'IDENTITY.USER_DEACTIVATED' });
      spec
        .given(provisioned, { type: 'identity.user.role-granted', version: 1, data: { role: 'admin' } }, deactivated)
        .when({ type: 'RevokeRole', userId: SANNE, role: 'admin' })
        .then([{ type: 'identity.user.role-revoked', version: 1, data: { role: 'admin' } }]);
    });

    it('grants and revokes the ambassador badge as an attribute change (the contract has no badge event)', () => {
      const granted: UserEvent = { type: 'identity.user.attributes-changed', version: 1, data: { changes: { badges: ['ambassador'] } } };
      spec.given(provisioned).when({ type: 'GrantBadge', userId: SANNE, badge: 'ambassador' }).then([granted]);
      spec.given(provisioned, granted).when({ type: 'GrantBadge', userId: SANNE, badge: 'ambassador' }).thenNothing();
      spec.given(provisioned, granted).when({ type: 'RevokeBadge', userId: SANNE, badge: 'ambassador' }).then([{ type: 'identity.user.attributes-changed', version: 1, data: { changes: { badges: [] } } }]);
      spec.given(provisioned).when({ type: 'GrantBadge', userId: SANNE, badge: 'champion' as never }).thenThrows({ code: 'IDENTITY.UNKNOWN_BADGE' });
    });
  });

  describe('evolve', () => {
    it('folds a stream into the current state', () => {
      const stream: UserEvent[] = [
        provisioned,
        { type: 'identity.user.attributes-changed', version: 1, data: { changes: { title: 'Manager', location: null, badges: ['ambassador'] } } },
        { type: 'identity.user.manager-changed', version: 1, data: { managerId: EVA, previousManagerId: DAAN } },
        { type: 'identity.user.role-granted', version: 1, data: { role: 'community-manager' } },
        deactivated,
      ];
      const state = stream.reduce(userDecider.evolve, userDecider.initialState());
      expect(state.status).toBe('deactivated');
      expect(state.managerId).toBe(EVA);
      expect(state.roles).toEqual(['employee', 'community-manager']);
      expect(state.attributes).toMatchObject({ title: 'Manager', badges: ['ambassador'], userName: 'sanne.devries@demo.plein.dev' });
      expect(state.attributes).not.toHaveProperty('location');
    });
  });
});
