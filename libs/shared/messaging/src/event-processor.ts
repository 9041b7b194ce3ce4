import { trace } from '@opentelemetry/api';
import { systemClock } from '@plein/shared/kernel';
import type { Admin, Consumer, ConsumerRunConfig, EachBatchPayload, Message, Producer, RetryOptions } from 'kafkajs';
import { BatchRunner } from './batch-runner';
import { fetchConsumerLag, type ConsumerLag } from './consumer-lag';
import { deadLetterTopic } from './dead-letter';
import { MessagePipeline } from './message-pipeline';
import type { EventProcessorOptions, MessagingLogger, ProcessorStats, Startable } from './processor-types';
import { retryPolicy } from './retry-policy';
import { resolveSeek, SeekProgress, type SeekedPartition } from './start-position';

const DEFAULT_SESSION_TIMEOUT_MS = 30_000;
const DEFAULT_HEARTBEAT_MS = 3_000;
/** Backoff of our own consumer restarts after a crash (kafkajs' own restarts are switched off). */
const REJOIN_INITIAL_MS = 300;
const REJOIN_MAX_MS = 30_000;

/** Logs as JSON lines on stderr when the app does not pass its logger. */
const stderrLogger: MessagingLogger = {
  info: () => undefined,
  warn: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...fields })}\n`),
  error: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...fields })}\n`),
};

export const consumerGroupId = (service: string, processor: string): string => `${service}.${processor}`;

/**
 * The one consumer runtime of every service (docs/messaging.md).
 *
 * One kafkajs consumer per processor, so each side effect has its own group, offsets and lag.
 * `eachBatch` with manual offset resolution: a message's offset is resolved only after it was
 * handled, skipped or dead-lettered, the session is heartbeated between messages (and during
 * backoff sleeps), and resolved offsets are committed at the end of every batch and every
 * `autoCommitInterval`. Delivery is therefore at-least-once; handlers must be idempotent.
 *
 * Restarts after a crash (broker gone, retries exhausted) are the processor's, not kafkajs':
 * kafkajs restarts a crashed consumer from a timer it forgets on disconnect, so a consumer that
 * was rejoining when it was stopped could join again afterwards and keep the process alive.
 * Here a rejoin is one tracked `consumer.run()`, never started once `stop()` was called, and
 * `stop()` disconnects only after the start or rejoin in flight has ended.
 */
export class EventProcessor implements Startable {
  readonly group: string;
  /** `<group>.dlq` unless the options name another (not used with `deadLetters: 'drop'`). */
  readonly deadLetterTopic: string;
  readonly deadLetters: 'topic' | 'drop';
  private readonly consumer: Consumer;
  private readonly producer: Producer | null;
  private readonly admin: Admin;
  private readonly pipeline: MessagePipeline;
  private readonly batches: BatchRunner | null;
  private readonly logger: MessagingLogger;
  private readonly runConfig: ConsumerRunConfig;
  private readonly stopTimeoutMs: number;
  private state: 'idle' | 'starting' | 'running' | 'stopping' = 'idle';
  /** The join in flight (first start or rejoin): kafkajs cannot cancel it, so stop() waits for it. */
  private inFlight: Promise<unknown> | null = null;
  /** A stop whose disconnect outlived `stopTimeoutMs`; the next start waits for it. */
  private closing: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private rejoinTimer: NodeJS.Timeout | undefined;
  /**
   * Set by stop(): the message in hand gives up at its next check (a retry backoff, the next
   * message of the batch), also once stop() has returned while the disconnect goes on in the
   * background. Cleared only when a later start begins, after that disconnect has ended.
   */
  private halted = false;
  private crashesInARow = 0;
  private seekProgress: SeekProgress | null = null;

  constructor(private readonly options: EventProcessorOptions) {
    if (options.topics.length === 0) throw new RangeError(`processor ${options.processor} subscribes to no topic`);
    this.group = consumerGroupId(options.service, options.processor);
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopic(this.group);
    this.deadLetters = options.deadLetters ?? 'topic';
    this.logger = options.logger ?? stderrLogger;
    const sessionTimeout = options.consumer?.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT_MS;
    const heartbeatInterval = options.consumer?.heartbeatInterval ?? DEFAULT_HEARTBEAT_MS;
    const retry: RetryOptions = { ...options.consumer?.retry, restartOnFailure: (error) => this.onConsumerFailure(error) };
    this.consumer = options.kafka.consumer({ ...options.consumer, retry, groupId: this.group, sessionTimeout, heartbeatInterval });
    // Idempotent producer with acks=-1: a dead letter is written once and durably before the
    // offset of the original message is committed.
    this.producer = this.deadLetters === 'drop' ? null : options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.admin = options.kafka.admin();
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      const restarting = this.rejoinTimer !== undefined;
      this.logger.error('consumer crashed', { consumerGroup: this.group, reason: String(event.payload.error), status: restarting ? 'restarting' : 'stopped' });
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => this.onGroupJoin(event.payload.memberAssignment));
    const handlerTimeoutMs = options.handlerTimeoutMs ?? Math.max(1_000, sessionTimeout - 5_000);
    // By default long enough for the message in hand to finish, as stop() promises.
    this.stopTimeoutMs = options.stopTimeoutMs ?? handlerTimeoutMs + 5_000;
    const tracer = options.tracer ?? trace.getTracer('@plein/shared/messaging');
    this.pipeline = new MessagePipeline({
      service: options.service,
      processor: options.processor,
      group: this.group,
      handlers: options.handlers,
      defaultHandler: options.defaultHandler,
      registry: options.registry,
      policy: retryPolicy(options.retry),
      handlerTimeoutMs,
      heartbeatEveryMs: heartbeatInterval,
      tracer,
      clock: options.clock ?? systemClock,
      logger: this.logger,
      random: options.random,
      deadLetters: this.deadLetters === 'topic',
    });
    this.batches = options.batchHandler
      ? new BatchRunner(this.pipeline, {
          service: options.service, processor: options.processor, group: this.group, handler: options.batchHandler,
          maxBatchSize: options.maxBatchSize ?? 100, timeoutMs: handlerTimeoutMs, heartbeatEveryMs: heartbeatInterval, tracer, logger: this.logger,
        })
      : null;
    this.runConfig = {
      autoCommit: true,
      autoCommitInterval: 5_000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    };
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** True when stopped and disconnected; false while running or while a late disconnect finishes in the background. */
  get closed(): boolean {
    return this.state === 'idle' && this.closing === null;
  }

  /**
   * With `seek`: true once every partition has been handled up to the high watermark it had when
   * the processor started (at once for partitions with nothing to read, and for topics that did
   * not exist). Without `seek` it is not tracked and stays false.
   */
  get caughtUp(): boolean {
    return this.seekProgress?.caughtUp ?? false;
  }

  /** With `seek`: where the last start moved each partition, and its high watermark then. */
  get seekedPartitions(): readonly SeekedPartition[] {
    return this.seekProgress?.positions ?? [];
  }

  stats(): ProcessorStats {
    return { ...this.pipeline.counters };
  }

  /** Committed offset vs high watermark per topic partition of this processor's group. */
  async lag(): Promise<ConsumerLag> {
    if (this.state === 'running') return fetchConsumerLag(this.admin, this.group, this.options.topics);
    // Also answers while stopped (e.g. "how far behind is the group we just stopped").
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      return await fetchConsumerLag(admin, this.group, this.options.topics);
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Connects, subscribes and joins the group. Resolves once the consumer runs (a failed first
   * join is retried in the background, like any crash); rejects when a step before fails. A
   * `stop()` meanwhile ends it early: it then resolves without running, and what it connected
   * is disconnected as soon as the step in hand ends.
   */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'starting';
    await this.open();
  }

  /**
   * Finishes the message in hand (a retry backoff is cut short), commits, leaves the group and
   * disconnects. A join in flight (first start or rejoin) is waited for first, at most
   * `stopTimeoutMs`; past that it resolves and the disconnect follows in the background when
   * that attempt ends. No rejoin starts once stop() was called.
   */
  stop(): Promise<void> {
    if (this.state === 'idle') return Promise.resolve();
    this.stopping ??= this.shutdown().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async open(): Promise<void> {
    const stopped = () => this.state !== 'starting';
    // stop() did not wait for this step (only a join can leave kafkajs running): undo it here.
    const abandon = async () => {
      await Promise.allSettled([this.consumer.disconnect(), this.producer?.disconnect(), this.admin.disconnect()]);
    };
    try {
      await this.closing;
      if (stopped()) return;
      this.halted = false;
      // allSettled: a connect that fails first must not leave the other one retrying unobserved.
      const connected = await Promise.allSettled([this.producer?.connect(), this.admin.connect()]);
      const failed = connected.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (stopped()) return await abandon();
      if (this.deadLetters === 'topic' && this.options.ensureDeadLetterTopic !== false) {
        // Returns false when the topic exists already; partitions and replication follow the broker defaults.
        await this.admin.createTopics({ topics: [{ topic: this.deadLetterTopic }], waitForLeaders: true });
      }
      if (this.options.seek !== undefined) {
        this.seekProgress = new SeekProgress(await resolveSeek(this.admin, this.options.topics, this.options.seek));
      }
      if (stopped()) return await abandon();
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? false });
      if (stopped()) return await abandon();
      this.crashesInARow = 0;
      await this.track(this.consumer.run(this.runConfig));
      if (!stopped()) this.state = 'running';
    } catch (error) {
      if (stopped()) return await abandon();
      this.state = 'running';
      await this.stop();
      throw error;
    }
  }

  /** Marks a `consumer.run()` (a join) as in flight until it settles; stop() waits for it. */
  private track<T>(run: Promise<T>): Promise<T> {
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight = settled;
    void settled.then(() => {
      if (this.inFlight === settled) this.inFlight = null;
    });
    return run;
  }

  private async shutdown(): Promise<void> {
    this.state = 'stopping';
    this.halted = true;
    clearTimeout(this.rejoinTimer);
    this.rejoinTimer = undefined;
    const close = (async () => {
      // Disconnecting under a join in flight would leave kafkajs a consumer that joins afterwards.
      await this.inFlight;
      const results = await Promise.allSettled([this.consumer.disconnect()]);
      results.push(...(await Promise.allSettled([this.producer?.disconnect(), this.admin.disconnect()])));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) this.logger.warn('processor stopped with errors', { consumerGroup: this.group, reason: String(failed.reason) });
    })();
    const bound = this.stopTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([close.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), bound)))]);
    clearTimeout(timer);
    if (timedOut) {
      this.logger.warn('consumer not disconnected in time (a join in flight or an unreachable broker); it finishes in the background', { consumerGroup: this.group, durationMs: bound });
      this.closing = close.finally(() => {
        this.closing = null;
      });
    }
    this.state = 'idle';
  }

  /**
   * kafkajs' `restartOnFailure`, called after a crash it considers retriable, once the crashed
   * consumer is disconnected. Always false (kafkajs' restart timer is not cancelled by a
   * disconnect in flight); the processor schedules its own rejoin instead, unless it is stopping.
   */
  private async onConsumerFailure(error: Error): Promise<boolean> {
    const wanted = (await this.options.consumer?.retry?.restartOnFailure?.(error).catch(() => true)) ?? true;
    if (!wanted || (this.state !== 'running' && this.state !== 'starting')) return false;
    const delay = Math.min(REJOIN_MAX_MS, REJOIN_INITIAL_MS * 2 ** this.crashesInARow++);
    clearTimeout(this.rejoinTimer);
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = undefined;
      if (this.state !== 'running' && this.state !== 'starting') return;
      // run() settles once the join succeeded or crashed again (then this is called again).
      this.track(this.consumer.run(this.runConfig)).catch((e: unknown) => {
        this.logger.error('consumer could not rejoin', { consumerGroup: this.group, reason: String(e) });
      });
    }, delay);
    return false;
  }

  /** Issues the seeks for the partitions just assigned; runs before their first fetch. */
  private onGroupJoin(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.crashesInARow = 0;
    if (!this.seekProgress) return;
    for (const seek of this.seekProgress.pendingSeeks(assignment)) {
      try {
        this.consumer.seek(seek);
      } catch (error) {
        this.logger.warn('seek failed', { consumerGroup: this.group, topic: seek.topic, partition: seek.partition, offset: seek.offset, reason: String(error) });
      }
    }
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const hooks = {
      heartbeat,
      // Not `state !== 'stopping'`: the state is idle again once stop() has returned, and a message
      // whose handler failed after that would resume its retries, heartbeating (and reconnecting)
      // through a consumer whose app has closed.
      isActive: () => isRunning() && !isStale() && !this.halted,
      sendToDeadLetter: (message: Message) => this.sendToDeadLetter(message),
    };
    const resolve = async (offset: string): Promise<void> => {
      resolveOffset(offset);
      this.seekProgress?.resolved(batch.topic, batch.partition, offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    };
    if (this.batches) {
      const messages = batch.messages.map((message) => ({ topic: batch.topic, partition: batch.partition, ...message }));
      await this.batches.run(messages, hooks, resolve);
      return;
    }
    for (const message of batch.messages) {
      if (!hooks.isActive()) break;
      const outcome = await this.pipeline.process({ topic: batch.topic, partition: batch.partition, ...message }, hooks);
      if (outcome === 'aborted') break;
      await resolve(message.offset);
    }
  }

  private async sendToDeadLetter(message: Message): Promise<void> {
    if (!this.producer) throw new Error(`processor ${this.group} has no dead-letter topic`);
    await this.producer.send({ topic: this.deadLetterTopic, acks: -1, messages: [message] });
  }
}
