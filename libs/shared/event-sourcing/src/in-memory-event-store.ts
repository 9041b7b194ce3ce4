import { systemClock, type Clock, type CommandMetadata, type EventEnvelope, type NewEvent } from '@plein/shared/kernel';
import { ConcurrencyConflictError, StreamTooLargeError } from './errors';
import { DEFAULT_STREAM_LIMITS, type AppendResult, type EventStore, type StreamLimits, type StreamSnapshot } from './event-store.port';
import { checkEventCount, envelopeBytes, stampEvents } from './stamp';
import { parseStreamId } from './stream-id';

export interface InMemoryEventStoreOptions {
  readonly source?: string;
  readonly clock?: Clock;
  readonly limits?: Partial<StreamLimits>;
  readonly validate?: (envelope: EventEnvelope) => void;
}

/**
 * A fake EventStore for fast unit tests of command handlers, with the same concurrency and
 * size-guard semantics as MongoEventStore (no outbox). Not for production: nothing is persisted.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, { events: EventEnvelope[]; bytes: number }>();
  private readonly limits: StreamLimits;
  /** Hook to inject a competing writer between a handler's read and its append. */
  beforeAppend?: (streamId: string, expectedVersion: number) => Promise<void> | void;

  constructor(private readonly options: InMemoryEventStoreOptions = {}) {
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
  }

  async readStream(streamId: string): Promise<StreamSnapshot | null> {
    const stream = this.streams.get(streamId);
    if (!stream) return null;
    const { aggregateType, aggregateId } = parseStreamId(streamId);
    return { streamId, aggregateType, aggregateId, version: stream.events.length, events: structuredClone(stream.events) };
  }

  async append(streamId: string, expectedVersion: number, newEvents: readonly NewEvent[], metadata: CommandMetadata): Promise<AppendResult> {
    const clock = this.options.clock ?? systemClock;
    const source = this.options.source ?? 'plein/test';
    const events = stampEvents({ streamId, expectedVersion, source, clock, validate: this.options.validate }, newEvents, metadata);
    if (events.length === 0) return { streamId, version: expectedVersion, events };
    await this.beforeAppend?.(streamId, expectedVersion);
    checkEventCount(streamId, expectedVersion, events.length, this.limits);
    const current = this.streams.get(streamId);
    const actual = current ? current.events.length : 0;
    if (actual !== expectedVersion || (!current && expectedVersion !== 0)) {
      throw new ConcurrencyConflictError(streamId, expectedVersion, current ? actual : null);
    }
    const bytes = (current?.bytes ?? 0) + envelopeBytes(events);
    if (bytes > this.limits.maxBytes) {
      throw new StreamTooLargeError(streamId, { events: this.limits.maxEvents, bytes: this.limits.maxBytes }, { events: actual + events.length, bytes });
    }
    this.streams.set(streamId, { events: [...(current?.events ?? []), ...structuredClone(events)], bytes });
    return { streamId, version: expectedVersion + events.length, events };
  }
}
