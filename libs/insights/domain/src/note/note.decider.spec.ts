import { insightsContracts } from '@plein/insights/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { noteDecider, type NoteEvent } from './note.decider';

const registry = new ContractRegistry(insightsContracts, []);
// Every produced event must pass its contract, as the event store checks before writing.
const spec = deciderSpec(noteDecider, (event: NoteEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version);
  if (!contract) throw new Error(`no contract for ${event.type}@v${event.version}`);
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});
const noteId = '01964b1e-0000-7000-8000-000000000901';
const recorded: NoteEvent = { type: 'insights.note.recorded', version: 1, data: { noteId, text: 'hello' } };

describe('note decider', () => {
  it('records a new note', () => {
    spec.given().when({ type: 'RecordNote', noteId, text: 'hello' }).then([recorded]);
  });

  it('refuses to record the same note twice', () => {
    spec.given(recorded).when({ type: 'RecordNote', noteId, text: 'again' }).thenThrows({ code: 'INSIGHTS.NOTE_EXISTS', kind: 'conflict' });
  });
});
