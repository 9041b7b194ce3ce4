import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { notificationsContracts, notificationsUpcasters, preferenceDefaultsChangedV1, preferencesChangedV1 } from './index';

const registry = new ContractRegistry(notificationsContracts, notificationsUpcasters);

describe('notifications contracts', () => {
  it('publish preferences and the organisation defaults on the preferences topic', () => {
    expect(preferencesChangedV1.topic).toBe('notifications.preferences.events.v1');
    expect(preferenceDefaultsChangedV1.topic).toBe('notifications.preferences.events.v1');
    expect(() => registry.validate(exampleEnvelope(preferencesChangedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(preferenceDefaultsChangedV1))).not.toThrow();
  });

  it('refuse bad quiet hours, unknown channels and unknown fields', () => {
    const bad = (data: unknown) => exampleEnvelope(preferencesChangedV1, { data: data as never });
    expect(() => registry.validate(bad({ ...preferencesChangedV1.example, quietHours: { start: '24:00', end: '07:00' } }))).toThrow(ContractViolationError);
    expect(() => registry.validate(bad({ ...preferencesChangedV1.example, channels: { reaction: { fax: true } } }))).toThrow(ContractViolationError);
    expect(() => registry.validate(bad({ ...preferencesChangedV1.example, extra: 1 }))).toThrow(ContractViolationError);
  });
});
