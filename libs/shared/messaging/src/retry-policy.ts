import { PleinError } from '@plein/shared/kernel';

/**
 * Bounded retries, always: Nest's Kafka transport retries a failing event handler forever, which
 * blocks the partition. Here a handler gets `attempts` tries in total, then the message goes to
 * the dead-letter topic and the partition moves on.
 */
export interface RetryPolicy {
  /** Total tries of the handler, including the first (>= 1). */
  readonly attempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialBackoffMs: 200, maxBackoffMs: 5_000 };

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError('retry.attempts must be an integer >= 1');
  if (policy.initialBackoffMs < 0 || policy.maxBackoffMs < policy.initialBackoffMs) {
    throw new RangeError('retry backoff must satisfy 0 <= initialBackoffMs <= maxBackoffMs');
  }
  return policy;
}

/**
 * Delay before try `failedAttempt + 1`: exponential (initial * 2^(n-1)) capped at max, with "equal
 * jitter" (half fixed, half random) so replicas that failed together do not retry in lockstep.
 * `random` is injectable for deterministic tests.
 */
export function backoffMs(failedAttempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.initialBackoffMs * 2 ** Math.max(0, failedAttempt - 1);
  const capped = Math.min(policy.maxBackoffMs, exponential);
  return Math.round(capped / 2 + (capped / 2) * random());
}

/** Where in the pipeline a message failed; written to the `x-error-stage` DLQ header. */
export type FailureStage = 'decode' | 'validate' | 'upcast' | 'handle';

/**
 * A handler throws this (or any error with `retriable: false`) when trying again cannot help,
 * e.g. the event references something that will never exist. The message is dead-lettered at once.
 */
export class NonRetriableError extends PleinError {
  readonly kind = 'precondition' as const;
  readonly retriable = false;
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

export type FailureDecision = { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'dead-letter' };

/**
 * What to do after a failure at `stage` on try `attempt` (1-based).
 * - decode / validate / upcast: the bytes will not change, so retrying is pointless: dead-letter.
 * - handle: retry with backoff while tries remain, unless the error says it is not retriable
 *   (`retriable === false`, or a kernel ValidationError: bad input does not heal).
 */
export function classifyFailure(stage: FailureStage, error: unknown, attempt: number, policy: RetryPolicy, random?: () => number): FailureDecision {
  if (stage !== 'handle') return { action: 'dead-letter' };
  if (!isRetriable(error)) return { action: 'dead-letter' };
  if (attempt >= policy.attempts) return { action: 'dead-letter' };
  return { action: 'retry', delayMs: backoffMs(attempt, policy, random) };
}

export function isRetriable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const candidate = error as { retriable?: unknown; kind?: unknown };
  if (candidate.retriable === false) return false;
  if (candidate.retriable === true) return true;
  return !(error instanceof PleinError && candidate.kind === 'validation');
}

/** The stable code of an error for the `x-error-code` header. */
export function errorCode(error: unknown, fallback: string): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.length > 0 ? code : fallback;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}
