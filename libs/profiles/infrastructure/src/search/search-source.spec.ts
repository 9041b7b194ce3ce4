import type { EventEnvelope } from '@plein/shared/kernel';
import { SequenceGapError } from '@plein/shared/projections';
import { emptySearchSource, foldSearchSourceBatch, withExpertise, type SearchSourceDocument } from './search-source';

const USER = 'u1';
const OTHER = 'u2';

const event = (aggregateId: string, type: string, sequence: number, data: unknown): EventEnvelope => ({
  id: `${aggregateId}:${type}:${sequence}`, type, version: 1, source: type.startsWith('identity.') ? 'plein/identity' : 'plein/profiles',
  aggregateType: type.startsWith('identity.') ? 'user' : 'profile', aggregateId, sequence, occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'c', causationId: 'c', actorId: 'system:test', data,
});
const provisioned = (userId: string, sequence = 1) =>
  event(userId, 'identity.user.provisioned', sequence, { externalId: 'x', userName: 'ada', displayName: 'Ada', givenName: 'Ada', familyName: 'L', title: 'Engineer', department: 'IT', managerId: null, roles: ['employee'], badges: [] });
const titled = (userId: string, sequence: number, title: string | null) => event(userId, 'identity.user.attributes-changed', sequence, { changes: { title } });
const edited = (userId: string, sequence: number, changes: Record<string, unknown>) => event(userId, 'profiles.profile.edited', sequence, { userId, changes });
const stored = (...rows: SearchSourceDocument[]) => new Map(rows.map((row) => [row._id, row]));

describe('foldSearchSourceBatch', () => {
  it('folds a new person\'s streams in sequence order, one revision per applied event, later fields winning', () => {
    const fold = foldSearchSourceBatch(stored(), [titled(USER, 2, 'Architect'), edited(USER, 1, { skills: ['kafka'], bio: 'Hoi' }), provisioned(USER), edited(USER, 2, { bio: null })]);
    expect(fold).toMatchObject({ applied: 4, duplicates: 0, gap: null, unchanged: [] });
    expect(fold.changed).toEqual([
      { _id: USER, userId: USER, revision: 4, active: true, deleted: false, displayName: 'Ada', title: 'Architect', department: 'IT', skills: ['kafka'], identitySequence: 2, profileSequence: 2 },
    ]);
  });

  it('skips what the state holds and copies inside the batch; a person with nothing new is returned unchanged', () => {
    const first = foldSearchSourceBatch(stored(), [provisioned(USER), provisioned(OTHER)]).changed;
    const fold = foldSearchSourceBatch(stored(...first), [provisioned(USER), titled(USER, 2, 'Lead'), titled(USER, 2, 'Lead'), provisioned(OTHER)]);
    expect(fold).toMatchObject({ applied: 1, duplicates: 3, gap: null });
    expect(fold.changed).toEqual([expect.objectContaining({ _id: USER, title: 'Lead', revision: 2, identitySequence: 2 })]);
    expect(fold.unchanged).toEqual([first[1]]);
  });

  it('counts an event that changes nothing shown: the sequence moved, so the revision grows too', () => {
    const base = foldSearchSourceBatch(stored(), [provisioned(USER)]).changed;
    const fold = foldSearchSourceBatch(stored(...base), [event(USER, 'identity.user.role-granted', 2, { role: 'admin' })]);
    expect(fold.changed).toEqual([{ ...base[0], revision: 2, identitySequence: 2 }]);
  });

  it('applies the contiguous part of a stream with a hole and reports the first gap; what follows waits', () => {
    const fold = foldSearchSourceBatch(stored(), [provisioned(USER), titled(USER, 2, 'Two'), titled(USER, 4, 'Four'), titled(OTHER, 2, 'Early')]);
    expect(fold.gap).toBeInstanceOf(SequenceGapError);
    expect(fold.gap).toMatchObject({ docId: USER, expected: 3, received: 4 });
    expect(fold).toMatchObject({ applied: 2, duplicates: 0 });
    expect(fold.changed).toEqual([expect.objectContaining({ _id: USER, title: 'Two', identitySequence: 2, revision: 2 })]);
  });

  it('keeps only the id and the sequences of a deleted person, and later events do not bring data back', () => {
    const live = foldSearchSourceBatch(stored(), [provisioned(USER), edited(USER, 1, { skills: ['kafka'], bio: 'Hoi' })]).changed;
    const deleted = foldSearchSourceBatch(stored(...live), [event(USER, 'identity.user.deleted', 2, {})]).changed;
    expect(deleted).toEqual([{ _id: USER, userId: USER, revision: 3, active: false, deleted: true, identitySequence: 2, profileSequence: 1 }]);
    const late = foldSearchSourceBatch(stored(...deleted), [edited(USER, 2, { bio: 'Nog een keer' })]).changed;
    expect(late).toEqual([{ ...deleted[0], revision: 4, profileSequence: 2 }]);
  });

  it('refuses a sequence below 1', () => {
    expect(() => foldSearchSourceBatch(stored(), [provisioned(USER, 0)])).toThrow(RangeError);
  });
});

describe('withExpertise', () => {
  const evidence = [{ topic: 'kafka', score: 0.8, explanation: 'Answered 3 questions' }];

  it('adds newer, different evidence one revision up (also before the person is known)', () => {
    expect(withExpertise(null, USER, '2026-02-01', evidence)).toEqual({ ...emptySearchSource(USER), expertise: evidence, expertiseAt: '2026-02-01', revision: 1 });
    const row = { ...emptySearchSource(USER), revision: 5, expertise: evidence, expertiseAt: '2026-02-01' };
    expect(withExpertise(row, USER, '2026-03-01', [{ ...evidence[0]!, score: 0.9 }])).toMatchObject({ revision: 6, expertiseAt: '2026-03-01', expertise: [{ score: 0.9 }] });
  });

  it('changes nothing for older or equal evidence, the same topics, or a deleted person', () => {
    const row = { ...emptySearchSource(USER), revision: 5, expertise: evidence, expertiseAt: '2026-02-01' };
    expect(withExpertise(row, USER, '2026-01-01', [])).toBeNull();
    expect(withExpertise(row, USER, '2026-02-01', [])).toBeNull();
    expect(withExpertise(row, USER, '2026-03-01', evidence)).toBeNull();
    expect(withExpertise({ ...row, deleted: true }, USER, '2026-03-01', [])).toBeNull();
  });
});
