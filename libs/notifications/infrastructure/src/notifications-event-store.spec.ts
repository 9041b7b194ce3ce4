import { exampleEnvelope } from '@plein/shared/contracts';
import { noteRecordedV1 } from '@plein/notifications/contracts';
import { notificationsRegistry, notificationsTopicFor, notificationsTopicSpecs } from './notifications-event-store';
import { notesProjection } from './notes.projection';

describe('notifications event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = notificationsRegistry();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1, { data: { noteId: 'not-a-uuid', text: 'x' } }))).toThrow();
  });

  it("publishes each note on the note topic after the installation's prefix, and refuses a bad prefix", () => {
    expect(notificationsTopicFor('staging.')(exampleEnvelope(noteRecordedV1))).toBe('staging.notifications.note.events.v1');
    expect(notificationsTopicSpecs('staging.').map((t) => t.name)).toEqual(['staging.notifications.note.events.v1', 'staging.notifications.preferences.events.v1']);
    expect(notesProjection('staging.').topics).toEqual(['staging.notifications.note.events.v1']);
    expect(() => notificationsTopicFor('bad prefix')).toThrow(TypeError);
    expect(() => notificationsTopicFor('')({ ...exampleEnvelope(noteRecordedV1), aggregateType: 'other' })).toThrow(/no notifications topic for aggregate type other/);
  });
});
