import { trace } from '@opentelemetry/api';
import { systemClock } from '@plein/shared/kernel';
import type { Admin, Consumer, EachBatchPayload, Message, Producer } from 'kafkajs';
import { BatchRunner } from './batch-runner';
import { fetchConsumerLag, type ConsumerLag } from './consumer-lag';
import { deadLetterTopic } from './dead-letter';
import { MessagePipeline } from './message-pipeline';
import type { EventProcessorOptions, MessagingLogger, ProcessorStats, Startable } from './processor-types';
import { retryPolicy } from './retry-policy';

const DEFAULT_SESSION_TIMEOUT_MS = 30_000;
const DEFAULT_HEARTBEAT_MS = 3_000;

/** Logs as JSON lines on stderr when the app does not pass its logger. */
const stderrLogger: MessagingLogger = {
  info: () => undefined,
  warn: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...fields })}\n`),
  error: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...fields })}\n`),
};

export const consumerGroupId = (service: string, processor: string): string => `${service}.${processor}`;

/**
 * The one consumer runtime of every service (ARCHITECTURE.md "Kafka", "Idempotent consumers").
 *
 * One kafkajs consumer per processor, so each side effect has its own group, offsets and lag.
 * `eachBatch` with manual offset resolution: a message's offset is resolved only after it was
 * handled, skipped or dead-lettered, the session is heartbeated between messages (and during
 * backoff sleeps), and resolved offsets are committed at the end of every batch and every
 * `autoCommitInterval`. Delivery is therefore at-least-once; handlers must be idempotent.
 */
export class EventProcessor implements Startable {
  readonly group: string;
  readonly deadLetterTopic: string;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly pipeline: MessagePipeline;
  private readonly batches: BatchRunner | null;
  private readonly logger: MessagingLogger;
  private state: 'idle' | 'starting' | 'running' | 'stopping' = 'idle';

  constructor(private readonly options: EventProcessorOptions) {
    if (options.topics.length === 0) throw new RangeError(`processor ${options.processor} subscribes to no topic`);
    this.group = consumerGroupId(options.service, options.processor);
    this.deadLetterTopic = deadLetterTopic(this.group);
    this.logger = options.logger ?? stderrLogger;
    const sessionTimeout = options.consumer?.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT_MS;
    const heartbeatInterval = options.consumer?.heartbeatInterval ?? DEFAULT_HEARTBEAT_MS;
    this.consumer = options.kafka.consumer({ ...options.consumer, groupId: this.group, sessionTimeout, heartbeatInterval });
    // Idempotent producer with acks=-1: a dead letter is written once and durably before the
    // offset of the original message is committed.
    this.producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.admin = options.kafka.admin();
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.logger.error('consumer crashed', { consumerGroup: this.group, reason: String(event.payload.error), status: event.payload.restart ? 'restarting' : 'stopped' });
    });
    const handlerTimeoutMs = options.handlerTimeoutMs ?? Math.max(1_000, sessionTimeout - 5_000);
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
    });
    this.batches = options.batchHandler
      ? new BatchRunner(this.pipeline, {
          service: options.service, processor: options.processor, group: this.group, handler: options.batchHandler,
          maxBatchSize: options.maxBatchSize ?? 100, timeoutMs: handlerTimeoutMs, heartbeatEveryMs: heartbeatInterval, tracer, logger: this.logger,
        })
      : null;
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  get running(): boolean {
    return this.state === 'running';
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

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'starting';
    try {
      await Promise.all([this.producer.connect(), this.admin.connect()]);
      if (this.options.ensureDeadLetterTopic !== false) {
        // Returns false when the topic exists already; partitions and replication follow the broker defaults.
        await this.admin.createTopics({ topics: [{ topic: this.deadLetterTopic }], waitForLeaders: true });
      }
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? false });
      await this.consumer.run({
        autoCommit: true,
        autoCommitInterval: 5_000,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.eachBatch(payload),
      });
      this.state = 'running';
    } catch (error) {
      this.state = 'running';
      await this.stop();
      throw error;
    }
  }

  /** Finishes the message in hand (a retry backoff is cut short), commits, leaves the group. */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    const results = await Promise.allSettled([this.consumer.disconnect()]);
    results.push(...(await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()])));
    this.state = 'idle';
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) this.logger.warn('processor stopped with errors', { consumerGroup: this.group, reason: String(failed.reason) });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const hooks = {
      heartbeat,
      isActive: () => isRunning() && !isStale() && this.state !== 'stopping',
      sendToDeadLetter: (message: Message) => this.sendToDeadLetter(message),
    };
    if (this.batches) {
      const messages = batch.messages.map((message) => ({ topic: batch.topic, partition: batch.partition, ...message }));
      await this.batches.run(messages, hooks, async (offset) => {
        resolveOffset(offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      });
      return;
    }
    for (const message of batch.messages) {
      if (!hooks.isActive()) break;
      const outcome = await this.pipeline.process({ topic: batch.topic, partition: batch.partition, ...message }, hooks);
      if (outcome === 'aborted') break;
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async sendToDeadLetter(message: Message): Promise<void> {
    await this.producer.send({ topic: this.deadLetterTopic, acks: -1, messages: [message] });
  }
}
