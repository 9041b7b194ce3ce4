import { insightsNoteTopic, type NoteRecordedV1 } from '@plein/insights/contracts';
import { prefixedTopicName } from '@plein/shared/contracts';
import { applyInSequence, defineProjection, type ProjectionDefinition } from '@plein/shared/projections';

/** A note as the read model keeps it: the projection's own document, written from the events. */
export interface NoteDocument {
  /** The note id. */
  _id: string;
  text: string;
  /** When the note was recorded (the event's occurredAt, so a rebuild writes the same). */
  recordedAt: string;
  lastSequence: number;
}

/** Bump when the document or its mapping changes: the new version is rebuilt beside the old one. */
export const NOTES_READ_MODEL_VERSION = 1;

/**
 * The example read model: every recorded note, in the collection `<service>_notes_v<N>`, fed
 * from Kafka by the consumer group `<service>.notes.v<N>` (docs/projections.md).
 */
export function notesProjection(topicPrefix = ''): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'notes',
    version: NOTES_READ_MODEL_VERSION,
    topics: [prefixedTopicName(topicPrefix, insightsNoteTopic.name)],
    aggregateTypes: ['note'],
    async apply(event, ctx) {
      // Every event of the note goes through the sequence guard (a redelivery changes nothing), also one that changes nothing here.
      const update = event.type === 'insights.note.recorded' ? { $set: { text: (event.data as NoteRecordedV1).text, recordedAt: event.occurredAt } } : {};
      await applyInSequence<NoteDocument>(ctx.collection, event.aggregateId, event.sequence, update);
    },
  });
}
