import type { NoteRecordedV1 } from '@plein/insights/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ConflictError, type NewEvent } from '@plein/shared/kernel';

export type NoteEvent = NewEvent<NoteRecordedV1, 'insights.note.recorded'>;
export interface RecordNote {
  readonly type: 'RecordNote';
  readonly noteId: string;
  readonly text: string;
}
export type NoteCommand = RecordNote;
export interface NoteState {
  readonly recorded: boolean;
}

export class NoteExistsError extends ConflictError {
  constructor(noteId: string) {
    super('INSIGHTS.NOTE_EXISTS', 'this note is recorded already', { noteId });
  }
}

/** The example aggregate: a note is recorded once; recording it again is a conflict. Pure: no I/O, no clock. */
export const noteDecider: Decider<NoteCommand, NoteEvent, NoteState> = {
  initialState: () => ({ recorded: false }),
  decide(command, state) {
    if (state.recorded) throw new NoteExistsError(command.noteId);
    return [{ type: 'insights.note.recorded', version: 1, data: { noteId: command.noteId, text: command.text } }];
  },
  evolve: (state, event) => (event.type === 'insights.note.recorded' ? { recorded: true } : state),
};
