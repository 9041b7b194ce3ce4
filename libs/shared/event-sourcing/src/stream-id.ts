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
export function deterministicId(namespace: string, idempotencyKey: string, actorId: string): string {
  if (!namespace || !idempotencyKey || !actorId) throw new Error('deterministicId needs a namespace, an idempotency key and an actor id');
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
 * The causationId of a command sent with an Idempotency-Key: `idem:<key>`, or for a key too long to
 * fit in 200 characters `idem:sha256:<hex of the key>`. Deterministic, so a retry finds the first
 * run's events either way.
 */
export function idempotencyCausationId(idempotencyKey: string): string {
  const plain = `idem:${idempotencyKey}`;
  return plain.length <= CAUSATION_MAX ? plain : `idem:sha256:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}
