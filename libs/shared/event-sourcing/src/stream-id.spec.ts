import { isUuid, streamId } from '@plein/shared/kernel';
import { InvalidStreamIdError } from './errors';
import { deterministicId, idempotencyCausationId, parseStreamId } from './stream-id';

describe('parseStreamId', () => {
  it('splits at the first dash, so UUID ids survive', () => {
    const id = '0190b6f2-3c4d-7e5f-8a6b-1c2d3e4f5a6b';
    expect(parseStreamId(streamId('post', id))).toEqual({ aggregateType: 'post', aggregateId: id });
  });

  it.each(['post', '-abc', 'post-', ''])('rejects %p', (bad) => {
    expect(() => parseStreamId(bad)).toThrow(InvalidStreamIdError);
  });
});

describe('deterministicId', () => {
  it('is a stable UUIDv5-style id per (namespace, key, actor)', () => {
    const id = deterministicId('feed.post', 'key-1', 'user-1');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(deterministicId('feed.post', 'key-1', 'user-1')).toBe(id);
  });

  it('differs when any part differs', () => {
    const ids = new Set([
      deterministicId('feed.post', 'key-1', 'user-1'),
      deterministicId('feed.group', 'key-1', 'user-1'),
      deterministicId('feed.post', 'key-2', 'user-1'),
      deterministicId('feed.post', 'key-1', 'user-2'),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('idempotencyCausationId', () => {
  it('is idem:<key> while that fits the envelope, a stable hash beyond', () => {
    const fits = 'k'.repeat(195);
    expect(idempotencyCausationId('order-1')).toBe('idem:order-1');
    expect(idempotencyCausationId(fits)).toBe(`idem:${fits}`);
    const long = 'k'.repeat(196);
    expect(idempotencyCausationId(long)).toMatch(/^idem:sha256:[0-9a-f]{64}$/);
    expect(idempotencyCausationId(long)).toBe(idempotencyCausationId(long));
    expect(idempotencyCausationId(`${long}x`)).not.toBe(idempotencyCausationId(long));
  });
});
