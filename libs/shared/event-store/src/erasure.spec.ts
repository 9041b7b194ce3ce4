import { erasedStreamsCollectionName, erasureKey, isErasureKey, redactPersonInEvents, StreamErasedError } from './erasure';

describe('erasureKey', () => {
  it('is stable per id, differs between ids and does not contain the id', () => {
    const id = '0193a1f2-7c4e-7d2a-9b1e-5f6a7b8c9d0e';
    expect(erasureKey(id)).toBe(erasureKey(id));
    expect(erasureKey(id)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(erasureKey(id)).not.toContain(id);
    expect(erasureKey(`profile-${id}`)).not.toBe(erasureKey(id));
  });

  it('names the tombstone collection after the service and answers erased streams as not found', () => {
    expect(erasedStreamsCollectionName('profiles')).toBe('profiles_streams_erased');
    const error = new StreamErasedError();
    expect(error).toMatchObject({ code: 'EVENTSTORE.STREAM_ERASED', kind: 'not-found' });
    expect(error.message).not.toMatch(/counter|profile-/);
  });
});

describe('redactPersonInEvents', () => {
  const person = '0193a1f2-7c4e-7d2a-9b1e-5f6a7b8c9d0e';
  const event = (actorId: string, data: unknown, causationId = 'c-1') => ({ id: 'e', actorId, causationId, data });

  it('replaces the id at the actor, an idempotency causation and the named paths only', () => {
    const events = [event(person, { authorId: person, experts: [{ userId: 'x' }, { userId: person }], other: person }, `idem:${person}:k`)];
    const [redacted] = redactPersonInEvents(events, person, ['authorId', 'experts[].userId']);
    expect(redacted).toEqual({
      id: 'e',
      actorId: erasureKey(person),
      causationId: erasureKey(`idem:${person}:k`),
      data: { authorId: erasureKey(person), experts: [{ userId: 'x' }, { userId: erasureKey(person) }], other: person },
    });
    expect(events[0]!.data).toMatchObject({ authorId: person }); // the input is not changed
  });

  it('answers the same array when nothing names the person (idempotent), and skips missing or mistyped paths', () => {
    const events = [event('someone', { experts: 'not-an-array', authorId: 'x' }), event('someone', null)];
    expect(redactPersonInEvents(events, person, ['experts[].userId', 'authorId', 'a.b'])).toBe(events);
    const once = redactPersonInEvents([event(person, {})], person, []);
    expect(redactPersonInEvents(once, person, [])).toBe(once);
    expect(isErasureKey(once[0]!.actorId)).toBe(true);
    expect(isErasureKey(person)).toBe(false);
  });
});
