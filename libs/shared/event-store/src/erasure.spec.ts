import { erasedStreamsCollectionName, erasureKey, StreamErasedError } from './erasure';

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
