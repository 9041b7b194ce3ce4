import { exampleEnvelope } from '@plein/shared/contracts';
import { preferencesChangedV1 } from '@plein/notifications/contracts';
import { notificationsRegistry, notificationsTopicFor, notificationsTopicSpecs } from './notifications-event-store';
import { preferencesProjection } from './preferences/preferences.projection';

describe('notifications event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = notificationsRegistry();
    expect(() => registry.validate(exampleEnvelope(preferencesChangedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(preferencesChangedV1, { data: { ...preferencesChangedV1.example, timeZone: 'no spaces allowed' } }))).toThrow();
  });

  it("publishes preferences on their topic after the installation's prefix, and refuses a bad prefix", () => {
    expect(notificationsTopicFor('staging.')(exampleEnvelope(preferencesChangedV1))).toBe('staging.notifications.preferences.events.v1');
    expect(notificationsTopicSpecs('staging.').map((t) => t.name)).toEqual(['staging.notifications.preferences.events.v1']);
    expect(preferencesProjection('staging.').topics).toEqual(['staging.notifications.preferences.events.v1']);
    expect(() => notificationsTopicFor('bad prefix')).toThrow(TypeError);
    expect(() => notificationsTopicFor('')({ ...exampleEnvelope(preferencesChangedV1), aggregateType: 'other' })).toThrow(/no notifications topic for aggregate type other/);
  });
});
