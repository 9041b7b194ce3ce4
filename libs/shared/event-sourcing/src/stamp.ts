import { uuidv7, type Clock, type CommandMetadata, type EventEnvelope, type NewEvent } from '@plein/shared/kernel';
import { StreamTooLargeError } from './errors';
import type { StreamLimits } from './event-store.port';
import { parseStreamId } from './stream-id';

export interface StampContext {
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly source: string;
  readonly clock: Clock;
  readonly validate?: (envelope: EventEnvelope) => void;
}

/**
 * Turns a decider's events into envelopes: ids, sequences after `expectedVersion`, one timestamp
 * for the whole batch (they happened in one decision), and the command's metadata. Every envelope
 * passes `validate` before anything is written, so a producer cannot store what its contract rejects.
 */
export function stampEvents(ctx: StampContext, events: readonly NewEvent[], metadata: CommandMetadata): EventEnvelope[] {
  if (!Number.isInteger(ctx.expectedVersion) || ctx.expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a non-negative integer, got ${ctx.expectedVersion}`);
  }
  const { aggregateType, aggregateId } = parseStreamId(ctx.streamId);
  const now = ctx.clock.now();
  const occurredAt = now.toISOString();
  return events.map((event, index) => {
    const envelope: EventEnvelope = {
      id: uuidv7(now.getTime()),
      type: event.type,
      version: event.version,
      source: ctx.source,
      aggregateType,
      aggregateId,
      sequence: ctx.expectedVersion + index + 1,
      occurredAt,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      actorId: metadata.actorId,
      ...(metadata.traceparent ? { traceparent: metadata.traceparent } : {}),
      ...(metadata.tracestate ? { tracestate: metadata.tracestate } : {}),
      data: event.data,
    };
    ctx.validate?.(envelope);
    return envelope;
  });
}

/** Approximate stored size: the JSON length is close to the BSON size for these documents. */
export const envelopeBytes = (envelopes: readonly EventEnvelope[]): number =>
  envelopes.reduce((sum, envelope) => sum + Buffer.byteLength(JSON.stringify(envelope)), 0);

/** The event-count half of the guard needs no I/O: a stream's version is its event count. */
export function checkEventCount(streamId: string, expectedVersion: number, added: number, limits: StreamLimits): void {
  if (expectedVersion + added > limits.maxEvents) {
    throw new StreamTooLargeError(streamId, { events: limits.maxEvents, bytes: limits.maxBytes }, { events: expectedVersion + added, bytes: null });
  }
}
