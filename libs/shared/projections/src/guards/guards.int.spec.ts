import type mongoose from 'mongoose';
import { testDatabase } from '../../../messaging/src/testing/int-kit';
import { SequenceGapError } from '../errors';
import { compositeRowId, insertOnce, upsertOnce } from './deterministic-id';
import { applyBatchInSequence, applyInSequence, type SequencedDocument } from './sequence-guard';

interface Note extends SequencedDocument {
  text?: string;
  edits?: number;
}

describe('idempotency guards (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let notes: mongoose.mongo.Collection<Note>;

  beforeAll(async () => {
    database = await testDatabase();
    notes = database.db.collection<Note>('test_notes_v1');
  });
  afterAll(() => database.drop());

  it('applies only the next sequence of a document', async () => {
    await expect(applyInSequence(notes, 'n-1', 1, { $set: { text: 'a', edits: 0 } })).resolves.toBe('applied');
    await expect(applyInSequence(notes, 'n-1', 1, { $set: { text: 'again' } })).resolves.toBe('duplicate');
    await expect(applyInSequence(notes, 'n-1', 2, { $set: { text: 'b' }, $inc: { edits: 1 } })).resolves.toBe('applied');
    await expect(applyInSequence(notes, 'n-1', 2, { $set: { text: 'b' }, $inc: { edits: 1 } })).resolves.toBe('duplicate');
    const gap = applyInSequence(notes, 'n-1', 4, { $set: { text: 'd' } });
    await expect(gap).rejects.toThrow(SequenceGapError);
    await expect(gap).rejects.toMatchObject({ code: 'PROJECTIONS.SEQUENCE_GAP', expected: 3, received: 4, retriable: true });
    await expect(applyInSequence(notes, 'n-1', 3, {})).resolves.toBe('applied');
    await expect(applyInSequence(notes, 'n-1', 4, { $set: { text: 'd' } })).resolves.toBe('applied');
    expect(await notes.findOne({ _id: 'n-1' })).toEqual({ _id: 'n-1', text: 'd', edits: 1, lastSequence: 4 });
  });

  it('treats an event after sequence 1 on a missing document as a gap', async () => {
    await expect(applyInSequence(notes, 'n-2', 2, { $set: { text: 'x' } })).rejects.toMatchObject({ expected: 1, received: 2 });
    expect(await notes.findOne({ _id: 'n-2' })).toBeNull();
  });

  it('keeps one sequence per stream when two aggregates feed one document (sequenceField)', async () => {
    const person = { sequenceField: 'personSequence' };
    const profile = { sequenceField: 'profileSequence' };
    await expect(applyInSequence(notes, 'n-3', 1, { $set: { text: 'from the profile' } }, profile)).resolves.toBe('applied');
    await expect(applyInSequence(notes, 'n-3', 1, { $set: { edits: 1 } }, person)).resolves.toBe('applied');
    await expect(applyInSequence(notes, 'n-3', 1, { $set: { edits: 9 } }, person)).resolves.toBe('duplicate');
    await expect(applyInSequence(notes, 'n-3', 3, { $set: { edits: 3 } }, person)).rejects.toMatchObject({ expected: 2, received: 3 });
    await expect(applyInSequence(notes, 'n-3', 2, { $set: { text: 'edited' } }, profile)).resolves.toBe('applied');
    expect(await notes.findOne({ _id: 'n-3' })).toEqual({ _id: 'n-3', text: 'edited', edits: 1, personSequence: 1, profileSequence: 2 });
  });

  it('applies a batch with one write per document, skipping what was applied and stopping at holes', async () => {
    interface Counter extends SequencedDocument {
      total: number;
      ids: string[];
    }
    const counters = database.db.collection<Counter>('test_counters_v1');
    const ev = (doc: string, sequence: number) => ({ doc, sequence, id: `${doc}#${sequence}` });
    const fold = (run: readonly ReturnType<typeof ev>[]) => ({ $inc: { total: run.length }, $push: { ids: { $each: run.map((e) => e.id) } } });
    const apply = (events: ReturnType<typeof ev>[]) => applyBatchInSequence(counters, events, (e) => e.doc, fold);

    await expect(apply([ev('a', 1), ev('b', 1), ev('a', 2), ev('b', 2), ev('a', 3)])).resolves.toEqual({ applied: 5, duplicates: 0 });
    // A redelivered prefix, an in-batch copy and new events: only 4, 5 (a) and 3 (b) are applied.
    await expect(apply([ev('a', 2), ev('a', 3), ev('a', 4), ev('a', 4), ev('b', 2), ev('b', 3), ev('a', 5)])).resolves.toEqual({ applied: 3, duplicates: 4 });
    // A hole: the contiguous part is applied, the rest waits and the gap is reported.
    const gap = apply([ev('a', 6), ev('a', 8), ev('c', 2)]);
    await expect(gap).rejects.toMatchObject({ code: 'PROJECTIONS.SEQUENCE_GAP', docId: 'a', expected: 7, received: 8 });
    expect(await counters.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', total: 6, lastSequence: 6, ids: ['a#1', 'a#2', 'a#3', 'a#4', 'a#5', 'a#6'] },
      { _id: 'b', total: 3, lastSequence: 3, ids: ['b#1', 'b#2', 'b#3'] },
    ]);
  });

  it('inserts a deterministic id once', async () => {
    const rows = database.db.collection<{ _id: string; owner: string }>('test_timeline_v1');
    const id = compositeRowId('u-1', 'p-1');
    expect(id).toBe('u-1:p-1');
    await expect(insertOnce(rows, { _id: id, owner: 'u-1' })).resolves.toBe('applied');
    await expect(insertOnce(rows, { _id: id, owner: 'u-1' })).resolves.toBe('duplicate');
    await expect(upsertOnce(rows, compositeRowId('u-2', 'p-1'), { $setOnInsert: { owner: 'u-2' } })).resolves.toBe('applied');
    await expect(upsertOnce(rows, compositeRowId('u-2', 'p-1'), { $setOnInsert: { owner: 'u-2' } })).resolves.toBe('duplicate');
    expect(await rows.countDocuments({})).toBe(2);
    expect(() => compositeRowId('a:b', 'c')).toThrow(RangeError);
  });
});
