import type { CommandMetadata, EventEnvelope, NewEvent } from '@plein/shared/kernel';

/** A stream as read: its events in sequence order; `version` equals the last event's sequence. */
export interface StreamSnapshot {
  readonly streamId: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly events: readonly EventEnvelope[];
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream version after the append (= sequence of the last appended event). */
  readonly version: number;
  /** The appended events as stored (stamped envelopes). */
  readonly events: readonly EventEnvelope[];
}

/**
 * What command handlers need from an event store. Implemented by MongoEventStore (production) and
 * InMemoryEventStore (fast unit tests); both keep the same concurrency and size-guard semantics.
 */
export interface EventStore {
  /** The whole stream, or null when it does not exist. */
  readStream(streamId: string): Promise<StreamSnapshot | null>;
  /**
   * Appends `events` if the stream is still at `expectedVersion` (0 = the stream must not exist yet).
   * Throws ConcurrencyConflictError otherwise, StreamTooLargeError past the size guard, and whatever
   * the `validate` hook throws for an envelope that breaks its contract (nothing is written then).
   */
  append(streamId: string, expectedVersion: number, events: readonly NewEvent[], metadata: CommandMetadata): Promise<AppendResult>;
}

/** Bounds on one stream. Defaults keep a stream document well under MongoDB's 16 MiB. */
export interface StreamLimits {
  readonly maxEvents: number;
  readonly maxBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxEvents: 5_000, maxBytes: 8 * 1024 * 1024 };
