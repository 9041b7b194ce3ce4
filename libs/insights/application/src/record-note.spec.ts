import { InMemoryEventStore, type RequestContext } from '@plein/shared/event-sourcing';
import { recordNote } from './record-note';

const noteId = '01964b1e-0000-7000-8000-000000000901';
const ctx = (idempotencyKey?: string, userId = '01964b1e-0000-7000-8000-000000000101'): RequestContext => ({
  caller: { userId },
  correlationId: 'corr-1',
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

describe('recordNote', () => {
  it('stores the note and answers its version', async () => {
    const store = new InMemoryEventStore();
    await expect(recordNote({ store }, ctx(), { noteId, text: 'hello' })).resolves.toEqual({ noteId, version: 1, replayed: false });
    expect((await store.readStream(`note-${noteId}`))?.events.map((e) => e.type)).toEqual(['insights.note.recorded']);
  });

  it('answers a retry with the same Idempotency-Key from its first run, and refuses a second recording', async () => {
    const store = new InMemoryEventStore();
    await recordNote({ store }, ctx('key-1'), { noteId, text: 'hello' });
    await expect(recordNote({ store }, ctx('key-1'), { noteId, text: 'hello' })).resolves.toEqual({ noteId, version: 1, replayed: true });
    await expect(recordNote({ store }, ctx('key-2'), { noteId, text: 'hello' })).rejects.toMatchObject({ code: 'INSIGHTS.NOTE_EXISTS' });
  });
});
