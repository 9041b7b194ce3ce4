import type { Span, Tracer } from '@opentelemetry/api';
import type { Clock, EventEnvelope } from '@plein/shared/kernel';
import type { ConsumerConfig, Kafka } from 'kafkajs';
import type { RetryPolicy } from './retry-policy';
import type { SeekPosition } from './start-position';

/**
 * What the processor needs from the contract registry (@plein/shared/contracts ContractRegistry).
 * A structural port, so messaging does not depend on the contracts library.
 * - `validate(envelope, 'consume')` throws (ContractViolationError, UnknownEventTypeError) when the
 *   envelope does not match the schema of its own (type, version), read tolerantly: a field added
 *   by a newer producer of the same version is not an error for a consumer;
 * - `upcast` returns the envelope brought to the latest version of its type.
 */
export interface ContractRegistryLike {
  validate(envelope: EventEnvelope, mode?: 'consume'): void;
  upcast(envelope: EventEnvelope): EventEnvelope;
}

/** A registry that checks nothing: only for processors fed by trusted, same-process producers (tests, tools). */
export const UNCHECKED_CONTRACTS: ContractRegistryLike = { validate: () => undefined, upcast: (envelope) => envelope };

export interface HandlerContext {
  readonly service: string;
  readonly processor: string;
  /** Consumer group id, `<svc>.<processor>`. */
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** 1-based try of this handler for this message. */
  readonly attempt: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The CONSUMER span this handler runs in (also the active span when a context manager is registered). */
  readonly span: Span;
  /** Aborted when the handler times out or the processor stops; pass it to cancellable I/O. */
  readonly signal: AbortSignal;
  /** Keeps the group session alive during long work (the processor heartbeats between messages). */
  heartbeat(): Promise<void>;
}

export type EventHandler<E extends EventEnvelope = EventEnvelope> = (envelope: E, ctx: HandlerContext) => Promise<void>;

export interface BatchHandlerContext {
  readonly service: string;
  readonly processor: string;
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** Aborted when the call times out or the processor stops. */
  readonly signal: AbortSignal;
  heartbeat(): Promise<void>;
}

/**
 * Handles consecutive messages of one partition at once (in offset order, each validated and
 * upcast, each of a type that has a handler), e.g. a projection writing each read-model document
 * once per batch instead of once per event. Must have the effect of the per-message handlers
 * applied in order, and be idempotent like them.
 */
export type BatchEventHandler = (envelopes: readonly EventEnvelope[], ctx: BatchHandlerContext) => Promise<void>;

export interface MessagingLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface EventProcessorOptions {
  readonly kafka: Kafka;
  /** Owning service, e.g. `feed`. */
  readonly service: string;
  /** Processor name, e.g. `home-timeline` or `home-timeline.v2`; the group is `<service>.<processor>` as written. */
  readonly processor: string;
  readonly topics: readonly string[];
  /** Event type -> handler. Events of other types are acknowledged and skipped. */
  readonly handlers: Readonly<Record<string, EventHandler>>;
  /** Handles every type without its own handler (projections that must see every event of a stream). */
  readonly defaultHandler?: EventHandler;
  /**
   * Optional fast path over `handlers`/`defaultHandler` (which stay required: they are the
   * fallback). When it throws, the same messages go through the per-message path with its
   * retries and dead letters, so a failing batch costs time, never correctness.
   */
  readonly batchHandler?: BatchEventHandler;
  /** Most messages per `batchHandler` call (default 100: one call must stay well within `handlerTimeoutMs`). */
  readonly maxBatchSize?: number;
  readonly registry: ContractRegistryLike;
  readonly retry?: Partial<RetryPolicy>;
  /** Where a group without committed offsets starts. Default false (only new messages). */
  readonly fromBeginning?: boolean;
  /**
   * Moves every partition, at each start and before anything is handled, whatever the group has
   * committed: `'earliest'`, `'latest'`, or `{ timestamp }` (ms since the epoch) for the first
   * message at or after that time (the end when there is none). Meant for groups of one member
   * that rebuild in-memory state at start (the auth revocation deny-list); with it the processor
   * reports `caughtUp` and `seekedPartitions`. Default: none (committed offsets, `fromBeginning`).
   */
  readonly seek?: SeekPosition;
  /**
   * Upper bound of one handler try. Default 25 s, below kafkajs' 30 s session timeout: a handler
   * that outruns the session gets its member evicted and causes a rebalance storm.
   */
  readonly handlerTimeoutMs?: number;
  readonly consumer?: Partial<Pick<ConsumerConfig, 'sessionTimeout' | 'heartbeatInterval' | 'rebalanceTimeout' | 'maxBytesPerPartition' | 'maxWaitTimeInMs' | 'retry'>>;
  /** How many partitions are processed at once (order is kept per partition). Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  /** The dead-letter topic. Default `<group>.dlq`. */
  readonly deadLetterTopic?: string;
  /**
   * `'topic'` (default): messages the processor gives up on go to `deadLetterTopic`. `'drop'`: no
   * dead-letter topic (and no producer): such a message is logged as an error ("message
   * dropped") and its offset resolved. Only for processors whose handlers cannot fail and whose
   * input is read again anyway, e.g. per-process groups, where one DLQ per replica would pile up.
   */
  readonly deadLetters?: 'topic' | 'drop';
  /** Create the dead-letter topic at start if it is missing. Default true. */
  readonly ensureDeadLetterTopic?: boolean;
  /**
   * Most time `stop()` takes: the message in hand, leaving the group and a join in flight (kafkajs
   * cannot cancel its connect and join retries, so a stop waits for them rather than leave a
   * consumer that joins afterwards). Past it, stop() resolves and the disconnect finishes in the
   * background. Default `handlerTimeoutMs` + 5 s; with the broker unreachable a stop takes all of it.
   */
  readonly stopTimeoutMs?: number;
  readonly logger?: MessagingLogger;
  readonly clock?: Clock;
  readonly tracer?: Tracer;
  /** Injected for deterministic tests of the backoff jitter. */
  readonly random?: () => number;
}

export interface ProcessorStats {
  readonly processed: number;
  readonly skipped: number;
  readonly deadLettered: number;
  readonly retries: number;
}

/** Anything a host (the Nest transport, a CLI) starts and stops. */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}
