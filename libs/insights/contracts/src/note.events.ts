import { defineEvent, defineTopic, object, text, topicName, uuid } from '@plein/shared/contracts';

/** The example aggregate of the insights service: a note, recorded once. Replace it with the service's own. */
export const insightsNoteTopic = defineTopic({
  name: topicName('insights', 'note', 1),
  aggregateType: 'note',
  description: 'Notes recorded in the insights service.',
  key: { description: 'The note id: one note per key, so its events stay in order.', example: '01964b1e-0000-7000-8000-000000000901' },
});

export interface NoteRecordedV1 {
  noteId: string;
  text: string;
}

export const noteRecordedV1 = defineEvent<NoteRecordedV1>({
  type: 'insights.note.recorded',
  version: 1,
  aggregateType: 'note',
  topic: insightsNoteTopic,
  description: 'A note was recorded.',
  schema: object({ noteId: uuid(), text: text(500) }, ['noteId', 'text']),
  example: { noteId: '01964b1e-0000-7000-8000-000000000901', text: 'A first note.' },
});

export const noteContracts = [noteRecordedV1];
