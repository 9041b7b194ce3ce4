import { ValidationError } from '@plein/shared/kernel';
import { commandMetadata, parseIdempotencyKey } from './request-context';
import { idempotencyCausationId } from './stream-id';

describe('parseIdempotencyKey', () => {
  it('accepts no key and keys of 1-200 visible ASCII characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('grant-2026')).toBe('grant-2026');
    expect(parseIdempotencyKey('a!b"c~{}')).toBe('a!b"c~{}');
    expect(parseIdempotencyKey('k'.repeat(200))).toBe('k'.repeat(200));
    expect(parseIdempotencyKey(['one'])).toBe('one');
  });

  it.each([
    ['empty', ''],
    ['a space', 'has space'],
    ['a control character', 'a\u0001b'],
    ['non-ASCII', 'sleutel-é'],
    ['over 200 characters', 'k'.repeat(201)],
    ['joined duplicates', 'one, two'],
  ])('refuses %s with a validation error naming header.Idempotency-Key', (_name, key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(ValidationError);
    expect(() => parseIdempotencyKey(key)).toThrow(
      expect.objectContaining({ code: 'PLATFORM.INVALID_IDEMPOTENCY_KEY', violations: [expect.objectContaining({ field: 'header.Idempotency-Key' })] }),
    );
  });

  it('refuses a header sent twice', () => {
    expect(() => parseIdempotencyKey(['one', 'two'])).toThrow(ValidationError);
  });
});

describe('commandMetadata', () => {
  const ctx = { caller: { userId: 'ann' }, correlationId: 'corr-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

  it('scopes an Idempotency-Key to the caller', () => {
    const meta = commandMetadata({ ...ctx, idempotencyKey: 'k-1' });
    expect(meta).toEqual({ correlationId: 'corr-1', causationId: idempotencyCausationId('ann', 'k-1'), actorId: 'ann', traceparent: ctx.traceparent });
    expect(commandMetadata({ ...ctx, caller: { userId: 'bob' }, idempotencyKey: 'k-1' }).causationId).not.toBe(meta.causationId);
  });

  it('gives a fresh causation id without a key', () => {
    expect(commandMetadata(ctx).causationId).not.toBe(commandMetadata(ctx).causationId);
  });
});
