import { PleinError } from '@plein/shared/kernel';

export class RateLimitedError extends PleinError {
  readonly kind = 'rate-limited' as const;
  readonly code = 'PLATFORM.RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s`);
  }
}

/**
 * Token buckets per key (client IP, SCIM client): `perMinute` requests per minute sustained,
 * bursts up to the same number. In memory, per process: with N replicas behind a load balancer a
 * client gets up to N times the limit (documented; a shared store would fix that). Buckets idle
 * for two refill periods are dropped, so memory stays bounded by recent clients.
 * The client IP is Express's `req.ip`: the TCP peer, or the forwarded client when the peer is a
 * trusted proxy (HTTP_TRUSTED_PROXIES, set for every service by bootstrapService).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;
  private lastSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token for `key`, or throws RateLimitedError with the seconds until one is free. */
  take(key: string): void {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)));
    }
    bucket.tokens -= 1;
    if (this.buckets.size >= this.maxKeys && !this.buckets.has(key)) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(key, bucket);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 120_000) this.buckets.delete(key);
  }
}
