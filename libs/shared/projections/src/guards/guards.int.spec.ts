import type mongoose from 'mongoose';
import { testDatabase } from '../../../messaging/src/testing/int-kit';
import { SequenceGapError } from '../errors';
import { deterministicId, insertOnce, upsertOnce } from './deterministic-id';
import { applyInSequence, type SequencedDocument } from './sequence-guard';

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

  it('inserts a deterministic id once', async () => {
    const rows = database.db.collection<{ _id: string; owner: string }>('test_timeline_v1');
    const id = deterministicId('u-1', 'p-1');
    expect(id).toBe('u-1:p-1');
    await expect(insertOnce(rows, { _id: id, owner: 'u-1' })).resolves.toBe('applied');
    await expect(insertOnce(rows, { _id: id, owner: 'u-1' })).resolves.toBe('duplicate');
    await expect(upsertOnce(rows, deterministicId('u-2', 'p-1'), { $setOnInsert: { owner: 'u-2' } })).resolves.toBe('applied');
    await expect(upsertOnce(rows, deterministicId('u-2', 'p-1'), { $setOnInsert: { owner: 'u-2' } })).resolves.toBe('duplicate');
    expect(await rows.countDocuments({})).toBe(2);
    expect(() => deterministicId('a:b', 'c')).toThrow(RangeError);
  });
});
