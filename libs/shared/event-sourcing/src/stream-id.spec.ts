import { isUuid, streamId } from '@plein/shared/kernel';
import { InvalidStreamIdError } from './errors';
import { idempotencyUuid, idempotencyCausationId, parseStreamId } from './stream-id';

describe('parseStreamId', () => {
  it('splits at the first dash, so UUID ids survive', () => {
    const id = '0190b6f2-3c4d-7e5f-8a6b-1c2d3e4f5a6b';
    expect(parseStreamId(streamId('post', id))).toEqual({ aggregateType: 'post', aggregateId: id });
  });

  it.each(['post', '-abc', 'post-', ''])('rejects %p', (bad) => {
    expect(() => parseStreamId(bad)).toThrow(InvalidStreamIdError);
  });
});

describe('idempotencyUuid', () => {
  it('is a stable UUIDv5-style id per (namespace, key, actor)', () => {
    const id = idempotencyUuid('feed.post', 'key-1', 'user-1');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(idempotencyUuid('feed.post', 'key-1', 'user-1')).toBe(id);
  });

  it('differs when any part differs', () => {
    const ids = new Set([
      idempotencyUuid('feed.post', 'key-1', 'user-1'),
      idempotencyUuid('feed.group', 'key-1', 'user-1'),
      idempotencyUuid('feed.post', 'key-2', 'user-1'),
      idempotencyUuid('feed.post', 'key-1', 'user-2'),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('idempotencyCausationId', () => {
  const actor = '0190b6f2-3c4d-7e5f-8a6b-1c2d3e4f5a6b';

  it('is idem:<actor>:<key> while that fits the envelope, a stable hash beyond', () => {
    const room = 200 - `idem:${actor}:`.length;
    const fits = 'k'.repeat(room);
    expect(idempotencyCausationId(actor, 'order-1')).toBe(`idem:${actor}:order-1`);
    expect(idempotencyCausationId(actor, fits)).toBe(`idem:${actor}:${fits}`);
    const long = 'k'.repeat(room + 1);
    expect(idempotencyCausationId(actor, long)).toMatch(/^idem:sha256:[0-9a-f]{64}$/);
    expect(idempotencyCausationId(actor, long)).toBe(idempotencyCausationId(actor, long));
    expect(idempotencyCausationId(actor, `${long}x`)).not.toBe(idempotencyCausationId(actor, long));
  });

  it('is scoped to the caller: two people sending the same key never share a causation id', () => {
    const other = '0190b6f2-3c4d-7e5f-8a6b-1c2d3e4f5a6c';
    expect(idempotencyCausationId(actor, 'order-1')).not.toBe(idempotencyCausationId(other, 'order-1'));
    const long = 'k'.repeat(300);
    expect(idempotencyCausationId(actor, long)).not.toBe(idempotencyCausationId(other, long));
  });

  it('cannot be forged by moving the separator between actor and key', () => {
    // ("a:b", "c") and ("a", "b:c") would both read idem:a:b:c without escaping the actor.
    expect(idempotencyCausationId('a:b', 'c')).not.toBe(idempotencyCausationId('a', 'b:c'));
    expect(idempotencyCausationId('a:b', 'c'.repeat(300))).not.toBe(idempotencyCausationId('a', `b:${'c'.repeat(300)}`));
  });

  it('refuses an empty actor or key (a key without a caller would be shared by everyone)', () => {
    expect(() => idempotencyCausationId('', 'order-1')).toThrow();
    expect(() => idempotencyCausationId(actor, '')).toThrow();
  });
});
