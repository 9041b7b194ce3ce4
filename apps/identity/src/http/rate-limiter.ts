// The token-bucket limiter is shared (the gateway limits per person and per address with it).
export { RateLimitedError, RateLimiter } from '@plein/shared/platform';
