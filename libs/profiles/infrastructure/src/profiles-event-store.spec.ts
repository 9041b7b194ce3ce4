import { exampleEnvelope } from '@plein/shared/contracts';
import { noteRecordedV1 } from '@plein/profiles/contracts';
import { profilesRegistry } from './profiles-event-store';

describe('profiles event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = profilesRegistry();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1, { data: { noteId: 'not-a-uuid', text: 'x' } }))).toThrow();
  });
});
