import { RateLimitedError, RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of perMinute requests, then refuses with a retry time, and refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    for (let i = 0; i < 3; i++) limiter.take('10.0.0.1');
    expect(() => limiter.take('10.0.0.1')).toThrow(RateLimitedError);
    try {
      limiter.take('10.0.0.1');
    } catch (error) {
      expect((error as RateLimitedError).retryAfterSeconds).toBe(20);
    }
    limiter.take('10.0.0.2');
    now += 20_000;
    expect(() => limiter.take('10.0.0.1')).not.toThrow();
    expect(() => limiter.take('10.0.0.1')).toThrow(RateLimitedError);
  });
});
