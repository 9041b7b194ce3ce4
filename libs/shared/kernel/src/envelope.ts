/**
 * The event envelope (docs/contracts.md, "Envelope"). The Kafka message value is the whole
 * envelope as JSON and the message key is `aggregateId`. An event's identity is `type` + `version`,
 * never a class name.
 */
export interface EventEnvelope<TData = unknown, TType extends string = string> {
  /** Globally unique (UUIDv7); the deduplication key of every consumer. */
  readonly id: string;
  /** `<svc>.<aggregate>.<past-tense>`, e.g. `feed.post.published`. */
  readonly type: TType;
  /** Payload schema version (integer, starting at 1). */
  readonly version: number;
  /** Producing service, e.g. `plein/feed`. */
  readonly source: string;
  readonly aggregateType: string;
  /** Equals the Kafka message key, so one aggregate's events keep their order. */
  readonly aggregateId: string;
  /** 1-based position of the event in its stream. */
  readonly sequence: number;
  /** ISO-8601 UTC timestamp. */
  readonly occurredAt: string;
  readonly correlationId: string;
  /** The command (or Idempotency-Key) or event that caused this event. */
  readonly causationId: string;
  /** The user or system principal that acted; `system:<name>` for the platform itself. */
  readonly actorId: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly data: TData;
}

/** What a decider returns: an event before the store stamps ids, sequence and metadata on it. */
export interface NewEvent<TData = unknown, TType extends string = string> {
  readonly type: TType;
  readonly version: number;
  readonly data: TData;
}

/** Metadata a command carries into the events it produces. */
export interface CommandMetadata {
  readonly correlationId: string;
  /** Idempotency-Key of the request or the id of the causing event. */
  readonly causationId: string;
  readonly actorId: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/**
 * The metadata of a command that an event causes (a service reacting to another's event): the
 * event's correlation and trace, and its id as causation id, so a redelivered event finds the
 * events its first delivery appended and appends nothing.
 */
export const causedBy = (envelope: Pick<EventEnvelope, 'id' | 'correlationId' | 'traceparent'>, actorId: string): CommandMetadata => ({
  correlationId: envelope.correlationId,
  causationId: envelope.id,
  actorId,
  ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
});

export const streamId = (aggregateType: string, aggregateId: string): string => `${aggregateType}-${aggregateId}`;
