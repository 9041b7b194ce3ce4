import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { identityContracts, MAX_MEMBERSHIP_DELTA } from '@plein/identity/contracts';
import { deciderSpec } from '../testing/decider-spec';
import { groupDecider } from './group.decider';
import type { GroupEvent } from './group.events';

const registry = new ContractRegistry(identityContracts);
const conforms = (event: GroupEvent) => registry.validate(exampleEnvelope(registry.contract(event.type, event.version), { data: event.data }));
const spec = deciderSpec(groupDecider, conforms);

const G = '01964b1e-0000-7000-8000-000000000201';
const id = (n: number) => `01964b1e-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const [A, B, C] = [id(1), id(2), id(3)];

const created: GroupEvent = { type: 'identity.group.created', version: 1, data: { externalId: 'grp-ks', displayName: 'Klantenservice' } };
const withAB: GroupEvent = { type: 'identity.group.membership-changed', version: 1, data: { added: [A, B], removed: [] } };

describe('Group decider', () => {
  it('creates a group empty, then adds its initial members', () => {
    spec.given().when({ type: 'CreateGroup', groupId: G, displayName: ' Klantenservice ', externalId: 'grp-ks', members: [A, B, A] }).then([created, withAB]);
    spec
      .given()
      .when({ type: 'CreateGroup', groupId: G, displayName: 'Project Glasvezel' })
      .then([{ type: 'identity.group.created', version: 1, data: { externalId: G, displayName: 'Project Glasvezel' } }]);
  });

  it('refuses duplicates, bad names and non-user member ids', () => {
    spec.given(created).when({ type: 'CreateGroup', groupId: G, displayName: 'x' }).thenThrows({ code: 'IDENTITY.GROUP_ALREADY_EXISTS' });
    spec.given().when({ type: 'CreateGroup', groupId: G, displayName: '  ' }).thenThrows({ code: 'IDENTITY.INVALID_GROUP' });
    spec.given().when({ type: 'CreateGroup', groupId: G, displayName: 'x', members: ['sanne'] }).thenThrows({ code: 'IDENTITY.INVALID_GROUP' });
  });

  it('renames only when the name differs', () => {
    spec.given(created).when({ type: 'RenameGroup', groupId: G, displayName: 'Customer Service' }).then([{ type: 'identity.group.renamed', version: 1, data: { displayName: 'Customer Service' } }]);
    spec.given(created).when({ type: 'RenameGroup', groupId: G, displayName: 'Klantenservice' }).thenNothing();
  });

  it('emits only effective membership changes', () => {
    spec.given(created, withAB).when({ type: 'ChangeGroupMembership', groupId: G, add: [B, C], remove: [A, id(9)] }).then([{ type: 'identity.group.membership-changed', version: 1, data: { added: [C], removed: [A] } }]);
    spec.given(created, withAB).when({ type: 'ChangeGroupMembership', groupId: G, add: [A], remove: [C] }).thenNothing();
    spec.given(created).when({ type: 'ChangeGroupMembership', groupId: G, add: [A], remove: [A] }).thenThrows({ code: 'IDENTITY.INVALID_GROUP' });
  });

  it('replaces the member list with a delta', () => {
    spec.given(created, withAB).when({ type: 'ReplaceGroupMembers', groupId: G, members: [B, C] }).then([{ type: 'identity.group.membership-changed', version: 1, data: { added: [C], removed: [A] } }]);
  });

  it(`splits deltas into events of at most ${MAX_MEMBERSHIP_DELTA} ids per list`, () => {
    const many = Array.from({ length: MAX_MEMBERSHIP_DELTA * 2 + 5 }, (_, i) => id(1000 + i));
    const events = groupDecider.decide({ type: 'ChangeGroupMembership', groupId: G, add: many, remove: [A] }, [created, withAB].reduce(groupDecider.evolve, groupDecider.initialState()));
    expect(events.map((e) => (e.type === 'identity.group.membership-changed' ? [e.data.added.length, e.data.removed.length] : null))).toEqual([
      [MAX_MEMBERSHIP_DELTA, 1],
      [MAX_MEMBERSHIP_DELTA, 0],
      [5, 0],
    ]);
    events.forEach(conforms);
  });

  it('deletes; a deleted group is gone for every later command', () => {
    const deleted: GroupEvent = { type: 'identity.group.deleted', version: 1, data: {} };
    spec.given(created).when({ type: 'DeleteGroup', groupId: G }).then([deleted]);
    spec.given(created, deleted).when({ type: 'DeleteGroup', groupId: G }).thenThrows({ code: 'IDENTITY.GROUP_NOT_FOUND' });
    spec.given(created, deleted).when({ type: 'ChangeGroupMembership', groupId: G, add: [A] }).thenThrows({ code: 'IDENTITY.GROUP_NOT_FOUND' });
    spec.given(created, deleted).when({ type: 'CreateGroup', groupId: G, displayName: 'again' }).thenThrows({ code: 'IDENTITY.GROUP_ALREADY_EXISTS' });
  });

  it('changes the externalId only when it differs, and refuses an empty one', () => {
    spec.given(created).when({ type: 'ChangeGroupExternalId', groupId: G, externalId: 'grp-cs' }).then([{ type: 'identity.group.external-id-changed', version: 1, data: { externalId: 'grp-cs' } }]);
    spec.given(created).when({ type: 'ChangeGroupExternalId', groupId: G, externalId: 'grp-ks' }).thenNothing();
    spec.given(created).when({ type: 'ChangeGroupExternalId', groupId: G, externalId: ' ' }).thenThrows({ code: 'IDENTITY.INVALID_GROUP' });
  });

  it('keeps member references to users not provisioned yet, and resolves one into a membership', () => {
    const pending: GroupEvent = { type: 'identity.group.member-references-changed', version: 1, data: { added: ['hr-1', 'hr-2'], removed: [] } };
    spec.given().when({ type: 'CreateGroup', groupId: G, displayName: 'Klantenservice', externalId: 'grp-ks', memberReferences: ['hr-1', 'hr-2'] }).then([created, pending]);
    spec.given(created, pending).when({ type: 'ChangeGroupMembership', groupId: G, addReferences: ['hr-1'] }).thenNothing();
    spec
      .given(created, pending)
      .when({ type: 'ChangeGroupMembership', groupId: G, add: [A], removeReferences: ['hr-1'] })
      .then([
        { type: 'identity.group.membership-changed', version: 1, data: { added: [A], removed: [] } },
        { type: 'identity.group.member-references-changed', version: 1, data: { added: [], removed: ['hr-1'] } },
      ]);
    spec.given(created, pending).when({ type: 'ReplaceGroupMembers', groupId: G, members: [], memberReferences: ['hr-2', 'hr-3'] }).then([{ type: 'identity.group.member-references-changed', version: 1, data: { added: ['hr-3'], removed: ['hr-1'] } }]);
    expect([created, pending].reduce(groupDecider.evolve, groupDecider.initialState()).memberReferences).toEqual(['hr-1', 'hr-2']);
  });

  it('evolves members in join order', () => {
    const stream: GroupEvent[] = [created, withAB, { type: 'identity.group.membership-changed', version: 1, data: { added: [C], removed: [A] } }];
    expect(stream.reduce(groupDecider.evolve, groupDecider.initialState()).members).toEqual([B, C]);
  });
});
