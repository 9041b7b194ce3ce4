import { hostname } from 'node:os';
import { trace, type Span, type Tracer } from '@opentelemetry/api';
import type { Kafka, Message, Producer, ProducerConfig, TopicMessages } from 'kafkajs';
import type { mongo } from 'mongoose';
import { systemClock, uuidv7, type Clock, type EventEnvelope } from '@plein/shared/kernel';
import type { MongoEventStore } from './mongo-event-store';
import { OutboxWrites, type Claimed } from './outbox-writes';
import { endSendSpans, tracedRecord } from './relay-tracing';
import type { StreamDocument } from './stream-document';

export interface OutboxRelayOptions {
  readonly store: MongoEventStore;
  readonly kafka: Kafka;
  /** The topic of an event, e.g. by aggregate type: `feed.post.events.v1`. */
  readonly topicFor: (envelope: EventEnvelope) => string;
  /** Relay instance name for leases; unique per process by default. */
  readonly owner?: string;
  /** How long a claim stays exclusive; must exceed one publish cycle by far (default 30 s). */
  readonly leaseMs?: number;
  /** Safety-net poll when no append nudged the relay (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Streams claimed and published per cycle (one sendBatch, one bulk mark). Default 200. */
  readonly batchStreams?: number;
  /** Merged over the safe defaults (idempotent, 1 request in flight); do not weaken those. */
  readonly producerConfig?: Partial<ProducerConfig>;
  /** Time source for leases and metrics (defaults to the system clock, not the store's). */
  readonly clock?: Clock;
  readonly onError?: (error: unknown) => void;
  readonly faults?: RelayFaults;
  /** For the PRODUCER spans (default: the global tracer provider's). */
  readonly tracer?: Tracer;
  /**
   * Bound of `stop()` (default 5 s). A publication in hand with the broker unreachable cannot be
   * cancelled in kafkajs; past the bound `stop()` disconnects anyway, the publication gives up
   * after its producer retries, its streams stay pending for the next relay, and the producer is
   * disconnected once more then (a retry may have reconnected it).
   */
  readonly stopTimeoutMs?: number;
}

/** Test hooks. A throw simulates a crash at that point: the cycle stops without marking or releasing. */
export interface RelayFaults {
  readonly afterPublishBeforeMark?: (published: { streamIds: readonly string[]; events: number }) => void | Promise<void>;
}

export interface OutboxMetrics {
  /** Streams with events not yet acknowledged by Kafka. */
  readonly pendingStreams: number;
  /** Age of the oldest unpublished event (0 when none). */
  readonly oldestPendingAgeMs: number;
}


/**
 * Publishes the stream documents' unpublished events to Kafka (the documents are the outbox).
 * Per cycle: claim up to `batchStreams` pending streams under one lease token (conditional update,
 * so concurrent relays get disjoint sets), publish their events in sequence order, keyed by
 * aggregate id, in one `sendBatch` with acks -1, then mark `publishedVersion` with updates guarded
 * by the token and the publishedVersion read. A crash or lost lease between publish and mark
 * republishes later (at-least-once); consumers deduplicate by sequence / event id.
 */
export class OutboxRelay {
  readonly owner: string;
  private readonly producer: Producer;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly batchStreams: number;
  private readonly tracer: Tracer;
  private running: Promise<void> | null = null;
  /** A cycle that outlived the stop bound; a new start waits for it. */
  private draining: Promise<unknown> | null = null;
  private stopping = false;
  private nudged = false;
  private wake: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private writes: OutboxWrites | null = null;

  constructor(private readonly options: OutboxRelayOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${uuidv7().slice(-12)}`;
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.batchStreams = options.batchStreams ?? 200;
    this.tracer = options.tracer ?? trace.getTracer('@plein/shared/event-store');
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      ...options.producerConfig,
      // Idempotence plus one request in flight keeps per-partition order across producer retries.
      idempotent: true,
      maxInFlightRequests: 1,
    });
  }

  private get collection(): mongo.Collection<StreamDocument> {
    return this.options.store.collection;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.draining;
    this.stopping = false;
    this.writes = new OutboxWrites(this.options.store);
    await this.producer.connect();
    this.unsubscribe = this.options.store.onAppend(() => this.nudge());
    this.running = this.loop();
  }

  /** Finishes the cycle in progress (publish and mark) within `stopTimeoutMs`, then disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake?.();
    const running = this.running;
    this.running = null;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      (running ?? Promise.resolve()).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.options.stopTimeoutMs ?? 5_000))),
    ]);
    clearTimeout(timer);
    if (!finished && running) {
      (this.options.onError ?? defaultOnError)(new Error('outbox relay: publication still in hand at the stop bound; it finishes in the background'));
      this.draining = running.finally(() => this.producer.disconnect().catch(() => undefined)).finally(() => {
        this.draining = null;
      });
    }
    await this.producer.disconnect();
  }

  /** Asks for a cycle now (appends in this process do it through the store's signal). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async metrics(): Promise<OutboxMetrics> {
    return outboxMetrics(this.collection, this.clock);
  }

  /** One claim-publish-mark cycle; returns the number of events published. */
  async runOnce(): Promise<number> {
    this.writes ??= new OutboxWrites(this.options.store);
    const writes = this.writes;
    const readAt = this.clock.now();
    const token = uuidv7();
    const lease = { owner: this.owner, token, until: new Date(readAt.getTime() + this.leaseMs) };
    const claimed = await writes.claim(lease, readAt, this.batchStreams);
    if (claimed.length === 0) return 0;
    const events = claimed.reduce((n, stream) => n + stream.events.length, 0);
    const { topicMessages, spans } = this.toTopicMessages(claimed);
    try {
      if (events > 0) await this.producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      endSendSpans(spans, error);
      // Nothing was marked: hand the streams back at once so the next cycle retries them.
      await writes.release(token, claimed.map((s) => s.id)).catch(() => undefined);
      throw error;
    }
    endSendSpans(spans);
    await this.options.faults?.afterPublishBeforeMark?.({ streamIds: claimed.map((s) => s.id), events });
    await writes.mark(token, claimed, readAt);
    return events;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let published = 0;
      try {
        this.nudged = false;
        published = await this.runOnce();
      } catch (error) {
        (this.options.onError ?? defaultOnError)(error);
        await this.sleep(this.pollIntervalMs);
        continue;
      }
      // Keep going while there is work; otherwise wait for a nudge or the safety-net poll.
      if (published === 0 && !this.nudged) await this.sleep(this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** The claimed events as Kafka messages, each with the PRODUCER span of its publication. */
  private toTopicMessages(claimed: readonly Claimed[]): { topicMessages: TopicMessages[]; spans: Span[] } {
    const byTopic = new Map<string, Message[]>();
    const spans: Span[] = [];
    for (const stream of claimed) {
      for (const envelope of stream.events) {
        const topic = this.options.topicFor(envelope);
        let messages = byTopic.get(topic);
        if (!messages) byTopic.set(topic, (messages = []));
        const { record, span } = tracedRecord(this.tracer, envelope, topic);
        messages.push(record);
        spans.push(span);
      }
    }
    return { topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), spans };
  }

}

/** Outbox health for dashboards and alerts; usable without a running relay. */
export async function outboxMetrics(collection: mongo.Collection<StreamDocument>, clock: Clock = systemClock): Promise<OutboxMetrics> {
  const [pendingStreams, oldest] = await Promise.all([
    collection.countDocuments({ pending: true }),
    collection.find({ pending: true }, { projection: { pendingSince: 1 } }).sort({ pendingSince: 1 }).limit(1).next(),
  ]);
  const since = oldest?.pendingSince;
  return { pendingStreams, oldestPendingAgeMs: since ? Math.max(0, clock.now().getTime() - since.getTime()) : 0 };
}

function defaultOnError(error: unknown): void {
  console.error(JSON.stringify({ level: 'error', msg: 'outbox relay cycle failed', error: error instanceof Error ? error.message : String(error) }));
}
