import { noteDecider } from '@plein/insights/domain';
import { commandMetadata, executeCommand, type EventStore, type ReadYourWrites, type RequestContext } from '@plein/shared/event-sourcing';
import { streamId } from '@plein/shared/kernel';

export interface NoteCommandsDeps {
  readonly store: EventStore;
  /** The read models fed by note streams, brought up to date before the command answers. */
  readonly readYourWrites?: ReadYourWrites;
}

export interface RecordedNote {
  readonly noteId: string;
  readonly version: number;
  /** True when the Idempotency-Key had been used for this before and nothing new was stored. */
  readonly replayed: boolean;
}

/** Records a note through the shared command path (decide, append with idempotency, read-your-writes). */
export async function recordNote(deps: NoteCommandsDeps, ctx: RequestContext, input: { readonly noteId: string; readonly text: string }): Promise<RecordedNote> {
  const result = await executeCommand({
    store: deps.store,
    ...(deps.readYourWrites ? { readYourWrites: deps.readYourWrites } : {}),
    streamId: streamId('note', input.noteId),
    decider: noteDecider,
    command: { type: 'RecordNote', noteId: input.noteId, text: input.text },
    metadata: commandMetadata(ctx),
  });
  return { noteId: input.noteId, version: result.version, replayed: result.replayed };
}
