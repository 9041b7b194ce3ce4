import { createHash } from 'node:crypto';
import { InvalidStreamIdError } from './errors';

/**
 * Splits `<aggregateType>-<aggregateId>` (kernel `streamId()`) at the first "-": aggregate types
 * never contain "-" (use camelCase), while ids (UUIDs) do.
 */
export function parseStreamId(streamId: string): { aggregateType: string; aggregateId: string } {
  const dash = streamId.indexOf('-');
  if (dash <= 0 || dash === streamId.length - 1) throw new InvalidStreamIdError(streamId);
  return { aggregateType: streamId.slice(0, dash), aggregateId: streamId.slice(dash + 1) };
}

/**
 * A UUIDv5-style id derived from (namespace, actor, idempotency key), for commands that create an
 * aggregate: a retried create lands on the same stream, finds its own events (same causationId)
 * and returns the first result instead of creating a twin. The actor is part of the name so two
 * users who happen to send the same key never share (or can probe) each other's aggregate.
 * `namespace` names the aggregate kind, e.g. `feed.post`.
 */
export function idempotencyUuid(namespace: string, idempotencyKey: string, actorId: string): string {
  if (!namespace || !idempotencyKey || !actorId) throw new Error('idempotencyUuid needs a namespace, an idempotency key and an actor id');
  const hash = createHash('sha1').update(`${namespace}\u0000${actorId}\u0000${idempotencyKey}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5 (name-based, SHA-1)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Envelope ids (causationId among them) are at most 200 characters (`@plein/shared/contracts`). */
const CAUSATION_MAX = 200;

/**
 * The causationId of a command sent with an Idempotency-Key, scoped to the caller:
 * `idem:<actor>:<key>`, or when that does not fit in 200 characters `idem:sha256:<hex>` of the
 * same text. Deterministic, so a retry by the same person finds the first run's events either way;
 * the actor is part of it, so on a stream several people write to (a group, a jam, a roster) a
 * second person who happens to send the same key is not mistaken for a retry and dropped. The
 * actor id is percent-encoded (no ":" left in it), so the actor/key boundary cannot be shifted.
 */
export function idempotencyCausationId(actorId: string, idempotencyKey: string): string {
  if (!actorId || !idempotencyKey) throw new Error('idempotencyCausationId needs an actor id and an idempotency key');
  const scoped = `${encodeURIComponent(actorId)}:${idempotencyKey}`;
  const plain = `idem:${scoped}`;
  return plain.length <= CAUSATION_MAX ? plain : `idem:sha256:${createHash('sha256').update(scoped).digest('hex')}`;
}
