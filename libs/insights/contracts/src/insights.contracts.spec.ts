import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { insightsContracts, insightsUpcasters, visitRecordedV1 } from './index';

const registry = new ContractRegistry(insightsContracts, insightsUpcasters);

describe('insights contracts', () => {
  it('publish visits on their own topic, pseudonymous: a person key, never a user id', () => {
    expect(visitRecordedV1.topic).toBe('insights.visit.events.v1');
    expect(() => registry.validate(exampleEnvelope(visitRecordedV1))).not.toThrow();
    const withUserId = exampleEnvelope(visitRecordedV1, { data: { ...visitRecordedV1.example, person: '01964b1e-0000-7000-8000-000000000101' } });
    expect(() => registry.validate(withUserId)).toThrow(ContractViolationError);
    const badDay = exampleEnvelope(visitRecordedV1, { data: { ...visitRecordedV1.example, day: 'monday' } });
    expect(() => registry.validate(badDay)).toThrow(ContractViolationError);
  });
});
