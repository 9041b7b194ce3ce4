import { exampleEnvelope } from '@plein/shared/contracts';
import { noteRecordedV1 } from '@plein/insights/contracts';
import { insightsRegistry, insightsTopicFor, insightsTopicSpecs } from './insights-event-store';
import { notesProjection } from './notes.projection';

describe('insights event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = insightsRegistry();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1, { data: { noteId: 'not-a-uuid', text: 'x' } }))).toThrow();
  });

  it("publishes each note on the note topic after the installation's prefix, and refuses a bad prefix", () => {
    expect(insightsTopicFor('staging.')(exampleEnvelope(noteRecordedV1))).toBe('staging.insights.note.events.v1');
    expect(insightsTopicSpecs('staging.').map((t) => t.name)).toEqual(['staging.insights.note.events.v1']);
    expect(notesProjection('staging.').topics).toEqual(['staging.insights.note.events.v1']);
    expect(() => insightsTopicFor('bad prefix')).toThrow(TypeError);
    expect(() => insightsTopicFor('')({ ...exampleEnvelope(noteRecordedV1), aggregateType: 'other' })).toThrow(/no insights topic for aggregate type other/);
  });
});
