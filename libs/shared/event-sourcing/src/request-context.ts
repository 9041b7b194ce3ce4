import { uuidv7, ValidationError, type CommandMetadata } from '@plein/shared/kernel';
import { idempotencyCausationId } from './stream-id';

/**
 * One request's identity and tracing as every service's application layer sees it: who calls
 * (as the authentication port established it), the correlation id, the client's Idempotency-Key
 * and the W3C traceparent. `commandMetadata` turns it into the events' metadata. A service names
 * its own caller shape (feed adds the token's roles); everything else is the same everywhere.
 */
export interface RequestContext<Caller extends { readonly userId: string } = { readonly userId: string }> {
  readonly caller: Caller;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  readonly traceparent?: string;
}

/**
 * The events' metadata of a command run for this request. With an Idempotency-Key the causation id
 * is the key scoped to the caller (idempotencyCausationId), so a retry by the same person finds its
 * first run's events and another person's same key does not; without one, a fresh id.
 */
export function commandMetadata(ctx: RequestContext): CommandMetadata {
  return {
    correlationId: ctx.correlationId,
    causationId: ctx.idempotencyKey ? idempotencyCausationId(ctx.caller.userId, ctx.idempotencyKey) : uuidv7(),
    actorId: ctx.caller.userId,
    ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
  };
}

/** 1-200 visible ASCII characters (no spaces, no control characters): linear, one class, bounded. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The one Idempotency-Key rule for every service: absent is fine (undefined); present, it must be
 * 1-200 visible ASCII characters, or the request is refused with a 400 naming
 * `header.Idempotency-Key` (a malformed key is never silently dropped: the client believes its
 * retry is safe). A repeated header counts as malformed: which copy applies would be a guess.
 */
export function parseIdempotencyKey(header: string | readonly string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = typeof header === 'string' ? header : header.length === 1 ? header[0] : undefined;
  if (value === undefined || !IDEMPOTENCY_KEY.test(value)) {
    throw new ValidationError('PLATFORM.INVALID_IDEMPOTENCY_KEY', [{ field: 'header.Idempotency-Key', message: 'must be one header of 1-200 visible ASCII characters' }]);
  }
  return value;
}
