import { exampleEnvelope } from '@plein/shared/contracts';
import { profileEditedV1 } from '@plein/profiles/contracts';
import { profilesRegistry } from './profiles-event-store';

describe('profiles event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = profilesRegistry();
    expect(() => registry.validate(exampleEnvelope(profileEditedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(profileEditedV1, { data: { userId: 'not-a-uuid', changes: { bio: 'x' } } }))).toThrow();
  });
});
