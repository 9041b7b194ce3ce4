import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { insightsContracts, insightsUpcasters, noteRecordedV1, visitRecordedV1 } from './index';

const registry = new ContractRegistry(insightsContracts, insightsUpcasters);

describe('insights contracts', () => {
  it('publish notes on their own topic, keyed by the note', () => {
    expect(noteRecordedV1.topic).toBe('insights.note.events.v1');
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
  });

  it('refuse an empty note and unknown fields', () => {
    const bad = exampleEnvelope(noteRecordedV1, { data: { ...noteRecordedV1.example, text: '', extra: 1 } as never });
    expect(() => registry.validate(bad)).toThrow(ContractViolationError);
  });

  it('publish visits on their own topic, pseudonymous: a person key, never a user id', () => {
    expect(visitRecordedV1.topic).toBe('insights.visit.events.v1');
    expect(() => registry.validate(exampleEnvelope(visitRecordedV1))).not.toThrow();
    const withUserId = exampleEnvelope(visitRecordedV1, { data: { ...visitRecordedV1.example, person: '01964b1e-0000-7000-8000-000000000101' } });
    expect(() => registry.validate(withUserId)).toThrow(ContractViolationError);
    const badDay = exampleEnvelope(visitRecordedV1, { data: { ...visitRecordedV1.example, day: 'monday' } });
    expect(() => registry.validate(badDay)).toThrow(ContractViolationError);
  });
});
