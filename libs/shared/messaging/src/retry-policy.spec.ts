import { ValidationError } from '@plein/shared/kernel';
import { backoffMs, classifyFailure, errorCode, isRetriable, NonRetriableError, retryPolicy } from './retry-policy';

const policy = retryPolicy({ attempts: 4, initialBackoffMs: 100, maxBackoffMs: 1_000 });

describe('retry policy', () => {
  it('doubles the backoff per failed try and caps it', () => {
    const max = (n: number) => backoffMs(n, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(max)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('keeps half of the delay fixed and jitters the other half', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(200);
    expect(backoffMs(3, policy, () => 0.5)).toBe(300);
  });

  it('rejects policies that are not bounded', () => {
    expect(() => retryPolicy({ attempts: 0 })).toThrow(RangeError);
    expect(() => retryPolicy({ attempts: Infinity })).toThrow(RangeError);
    expect(() => retryPolicy({ initialBackoffMs: 10, maxBackoffMs: 5 })).toThrow(RangeError);
  });
});

describe('failure classification', () => {
  const boom = new Error('database unavailable');

  it.each(['decode', 'validate', 'upcast'] as const)('dead-letters a %s failure at once', (stage) => {
    expect(classifyFailure(stage, boom, 1, policy)).toEqual({ action: 'dead-letter' });
  });

  it('retries a handler failure while tries remain, then dead-letters', () => {
    expect(classifyFailure('handle', boom, 1, policy, () => 1)).toEqual({ action: 'retry', delayMs: 100 });
    expect(classifyFailure('handle', boom, 3, policy, () => 1)).toEqual({ action: 'retry', delayMs: 400 });
    expect(classifyFailure('handle', boom, 4, policy)).toEqual({ action: 'dead-letter' });
  });

  it('dead-letters errors that say retrying cannot help', () => {
    expect(classifyFailure('handle', new NonRetriableError('FEED.GONE', 'gone'), 1, policy)).toEqual({ action: 'dead-letter' });
    expect(classifyFailure('handle', new ValidationError('FEED.BAD', [{ field: 'data.title', message: 'empty' }]), 1, policy)).toEqual({ action: 'dead-letter' });
    expect(classifyFailure('handle', Object.assign(new Error('x'), { retriable: false }), 1, policy)).toEqual({ action: 'dead-letter' });
  });

  it('treats unknown errors as retriable and honours an explicit retriable flag', () => {
    expect(isRetriable(boom)).toBe(true);
    expect(isRetriable('a string')).toBe(true);
    expect(isRetriable(Object.assign(new ValidationError('X.Y', []), { retriable: true }))).toBe(true);
  });

  it('takes the dotted code of an error or falls back', () => {
    expect(errorCode(new NonRetriableError('FEED.GONE', 'gone'), 'FALLBACK')).toBe('FEED.GONE');
    expect(errorCode(boom, 'MESSAGING.HANDLER_FAILED')).toBe('MESSAGING.HANDLER_FAILED');
  });
});
