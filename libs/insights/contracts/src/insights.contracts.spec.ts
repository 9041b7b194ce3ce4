import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { insightsContracts, insightsUpcasters, noteRecordedV1 } from './index';

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
});
