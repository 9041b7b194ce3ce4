import { profilesContracts } from '@plein/profiles/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { endorsementAggregateId, endorsementDecider, type EndorsementEvent } from './endorsement.decider';

const registry = new ContractRegistry(profilesContracts, []);
const spec = deciderSpec(endorsementDecider, (event: EndorsementEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version)!;
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});
const ref = { endorseeId: '01964b1e-0000-7000-8000-000000000105', endorserId: '01964b1e-0000-7000-8000-000000000101', skill: 'kubernetes' };
const given: EndorsementEvent = { type: 'profiles.endorsement.given', version: 1, data: ref };
const withdrawn: EndorsementEvent = { type: 'profiles.endorsement.withdrawn', version: 1, data: ref };

describe('endorsement decider', () => {
  it('endorses once; endorsing again changes nothing', () => {
    spec.given().when({ type: 'Endorse', ...ref }).then([given]);
    spec.given(given).when({ type: 'Endorse', ...ref }).thenNothing();
  });

  it('withdraws a standing endorsement; withdrawing again, or what never was, changes nothing', () => {
    spec.given(given).when({ type: 'WithdrawEndorsement', ...ref }).then([withdrawn]);
    spec.given(given, withdrawn).when({ type: 'WithdrawEndorsement', ...ref }).thenNothing();
    spec.given().when({ type: 'WithdrawEndorsement', ...ref }).thenNothing();
  });

  it('endorses again after a withdrawal', () => {
    spec.given(given, withdrawn).when({ type: 'Endorse', ...ref }).then([given]);
  });

  it('refuses self-endorsement with a problem naming the person', () => {
    spec.given().when({ type: 'Endorse', ...ref, endorserId: ref.endorseeId }).thenThrows({ code: 'PROFILES.SELF_ENDORSEMENT', kind: 'validation' });
  });

  it('keys one aggregate per endorsee, skill and endorser', () => {
    expect(endorsementAggregateId(ref)).toBe(`${ref.endorseeId}:kubernetes:${ref.endorserId}`);
  });
});
