import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { Clock, EventEnvelope } from '@plein/shared/kernel';
import { runWithRequestContext } from '@plein/shared/observability';
import type { IHeaders, Message } from 'kafkajs';
import { deadLetterMessage } from './dead-letter';
import { decodeEnvelope, headersToStrings, HEADER } from './kafka-codec';
import type { ContractRegistryLike, EventHandler, HandlerContext, MessagingLogger } from './processor-types';
import { classifyFailure, errorCode, errorMessage, type FailureStage, type RetryPolicy } from './retry-policy';
import { extractTraceContext } from './trace-context';

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** What the pipeline needs from the Kafka batch it runs in. */
export interface PipelineHooks {
  heartbeat(): Promise<void>;
  /** False once the processor stops or the partition was revoked: stop retrying, do not resolve. */
  isActive(): boolean;
  sendToDeadLetter(message: Message): Promise<void>;
}

/** `aborted`: the message was neither handled nor dead-lettered; its offset must not be resolved. */
export type Outcome = 'processed' | 'skipped' | 'dead-lettered' | 'aborted';

export interface PipelineOptions {
  readonly service: string;
  readonly processor: string;
  readonly group: string;
  readonly handlers: Readonly<Record<string, EventHandler>>;
  readonly defaultHandler?: EventHandler;
  readonly registry: ContractRegistryLike;
  readonly policy: RetryPolicy;
  readonly handlerTimeoutMs: number;
  /** Slice length of backoff sleeps; the session is heartbeated between slices. */
  readonly heartbeatEveryMs: number;
  readonly tracer: Tracer;
  readonly clock: Clock;
  readonly logger: MessagingLogger;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * False when the processor has no dead-letter topic (`deadLetters: 'drop'`): a message it
   * gives up on is logged and dropped instead (`sendToDeadLetter` is not called). Default true.
   */
  readonly deadLetters?: boolean;
}

export class HandlerTimeoutError extends Error {
  readonly code = 'MESSAGING.HANDLER_TIMEOUT';
}

/** UnknownEventTypeError of @plein/shared/contracts for a type with no known version at all. */
function isUnknownType(error: unknown): boolean {
  const e = error as { code?: unknown; knownVersions?: unknown };
  return e?.code === 'CONTRACTS.UNKNOWN_EVENT' && Array.isArray(e.knownVersions) && e.knownVersions.length === 0;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One message through decode -> route -> validate -> upcast -> handle (with bounded retries), in a
 * CONSUMER span whose parent is the producer's trace context. Never throws for a bad message: it
 * ends `processed`, `skipped` or `dead-lettered`, so the partition always moves on. It throws only
 * when the dead-letter topic cannot be written (then the offset is not resolved and Kafka
 * redelivers) or the session heartbeat fails (rebalance; same).
 */
export class MessagePipeline {
  readonly counters = { processed: 0, skipped: 0, deadLettered: 0, retries: 0 };
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PipelineOptions) {
    this.sleep = options.sleep ?? defaultSleep;
  }

  async process(message: IncomingMessage, hooks: PipelineHooks): Promise<Outcome> {
    const headers = headersToStrings(message.headers);
    let envelope: EventEnvelope | undefined;
    let decodeError: unknown;
    try {
      envelope = decodeEnvelope(message.value);
    } catch (error) {
      decodeError = error;
    }
    // Routing happens on the envelope's type before validation: a processor never validates (nor
    // dead-letters) events it does not handle, so a producer may add a type before every consumer
    // knows its contract. Upcasters bump `version` and keep `type`, so routing before upcasting is safe.
    const handler = envelope ? (this.options.handlers[envelope.type] ?? this.options.defaultHandler) : undefined;
    if (envelope && !handler) {
      this.counters.skipped++;
      return 'skipped';
    }
    const parent = extractTraceContext(headers, envelope);
    const attributes = this.spanAttributes(message, envelope, headers);
    const run = (): Promise<Outcome> => this.options.tracer.startActiveSpan(`process ${message.topic}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
      try {
        if (!envelope) return await this.deadLetter(message, hooks, span, 'decode', decodeError, 0);
        let latest: EventEnvelope;
        try {
          this.options.registry.validate(envelope, 'consume');
        } catch (error) {
          // A catch-all handler (a projection) must still see a type its registry does not know at
          // all, or a sequence-guarded read model would wait for it forever; it gets the raw
          // envelope and treats it as a no-op. An unknown *version* of a known type is still an error.
          if (handler === this.options.defaultHandler && isUnknownType(error)) return await this.handle(handler!, envelope, message, headers, hooks, span);
          return await this.deadLetter(message, hooks, span, 'validate', error, 0);
        }
        try {
          latest = this.options.registry.upcast(envelope);
        } catch (error) {
          return await this.deadLetter(message, hooks, span, 'upcast', error, 0);
        }
        span.setAttribute('plein.event.version', latest.version);
        return await this.handle(handler!, latest, message, headers, hooks, span);
      } finally {
        span.end();
      }
    });
    // Every log line written while handling (by the handler or by this pipeline) carries the
    // event's correlationId, like a request's (JsonLogger reads it from the request context).
    return envelope ? runWithRequestContext({ correlationId: envelope.correlationId }, run) : run();
  }

  /**
   * Decodes, routes, validates and upcasts without side effects, for the batch path: the envelope
   * at its latest version when a handler would get it, else null (skip, dead letter, or a
   * catch-all handler meeting an unknown type): such a message goes through `process` alone.
   */
  prepare(message: IncomingMessage): { envelope: EventEnvelope; headers: Record<string, string> } | null {
    try {
      const envelope = decodeEnvelope(message.value);
      if (!(this.options.handlers[envelope.type] ?? this.options.defaultHandler)) return null;
      this.options.registry.validate(envelope, 'consume');
      return { envelope: this.options.registry.upcast(envelope), headers: headersToStrings(message.headers) };
    } catch {
      return null;
    }
  }

  /** Attributes of the CONSUMER span of one message (OpenTelemetry messaging conventions). */
  spanAttributes(message: IncomingMessage, envelope: EventEnvelope | undefined, headers: Record<string, string>): Record<string, string | number> {
    return {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': message.topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.consumer.group.name': this.options.group,
      'messaging.kafka.offset': Number(message.offset),
      'messaging.message.id': envelope?.id ?? headers[HEADER.id] ?? '',
      'plein.event.type': envelope?.type ?? headers[HEADER.type] ?? '',
    };
  }

  private async handle(handler: EventHandler, envelope: EventEnvelope, message: IncomingMessage, headers: Record<string, string>, hooks: PipelineHooks, span: Span): Promise<Outcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.runWithTimeout(handler, envelope, { message, headers, hooks, span, attempt });
        this.counters.processed++;
        span.setStatus({ code: SpanStatusCode.OK });
        return 'processed';
      } catch (error) {
        span.recordException(error instanceof Error ? error : new Error(errorMessage(error)));
        const decision = classifyFailure('handle', error, attempt, this.options.policy, this.options.random);
        if (decision.action === 'dead-letter') return this.deadLetter(message, hooks, span, 'handle', error, attempt);
        this.counters.retries++;
        this.options.logger.warn('handler failed; retrying', { ...this.logFields(envelope, message), attempt, code: errorCode(error, 'MESSAGING.HANDLER_FAILED'), reason: errorMessage(error), durationMs: decision.delayMs });
        if (!(await this.pause(decision.delayMs, hooks))) return 'aborted';
      }
    }
  }

  private async runWithTimeout(handler: EventHandler, envelope: EventEnvelope, run: { message: IncomingMessage; headers: Record<string, string>; hooks: PipelineHooks; span: Span; attempt: number }): Promise<void> {
    const controller = new AbortController();
    const { message } = run;
    const ctx: HandlerContext = {
      service: this.options.service,
      processor: this.options.processor,
      group: this.options.group,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempt: run.attempt,
      headers: run.headers,
      span: run.span,
      signal: controller.signal,
      heartbeat: () => run.hooks.heartbeat(),
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new HandlerTimeoutError(`handler took longer than ${this.options.handlerTimeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, this.options.handlerTimeoutMs);
    });
    try {
      await Promise.race([handler(envelope, ctx), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sleeps in slices, heartbeating between them; false when the processor stopped meanwhile. */
  private async pause(ms: number, hooks: PipelineHooks): Promise<boolean> {
    let remaining = ms;
    while (remaining > 0) {
      if (!hooks.isActive()) return false;
      const slice = Math.min(remaining, this.options.heartbeatEveryMs);
      await this.sleep(slice);
      remaining -= slice;
      // Not through a consumer that is being stopped: its heartbeat would reconnect (and retry) in kafkajs.
      if (!hooks.isActive()) return false;
      await hooks.heartbeat();
    }
    return hooks.isActive();
  }

  private async deadLetter(message: IncomingMessage, hooks: PipelineHooks, span: Span, stage: FailureStage, error: unknown, attempts: number): Promise<Outcome> {
    const code = errorCode(error, stage === 'handle' ? 'MESSAGING.HANDLER_FAILED' : 'MESSAGING.INVALID_MESSAGE');
    const reason = errorMessage(error);
    const drop = this.options.deadLetters === false;
    if (!drop)
      await hooks.sendToDeadLetter(
      deadLetterMessage({
        group: this.options.group,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: message.headers,
        stage,
        code,
        message: reason,
        attempts,
        failedAt: this.options.clock.now(),
      }),
    );
    this.counters.deadLettered++;
    if (stage !== 'handle') span.recordException(error instanceof Error ? error : new Error(reason));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${stage}: ${code}` });
    span.setAttribute(drop ? 'plein.dropped' : 'plein.dead_lettered', true);
    this.options.logger.error(drop ? 'message dropped (no dead-letter topic)' : 'message dead-lettered', { ...this.logFields(undefined, message), code, reason: `${stage}: ${reason}`, attempt: attempts });
    return 'dead-lettered';
  }

  private logFields(envelope: EventEnvelope | undefined, message: IncomingMessage): Record<string, unknown> {
    const headers = headersToStrings(message.headers);
    return {
      consumerGroup: this.options.group,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      eventId: envelope?.id ?? headers[HEADER.id],
      type: envelope?.type ?? headers[HEADER.type],
      aggregateId: envelope?.aggregateId ?? message.key?.toString(),
    };
  }
}
