import { randomBytes } from 'node:crypto';
import { EventProcessor, type ContractRegistryLike, type MessagingLogger, type Startable } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import { prefixedTopicName } from '@plein/shared/contracts';
import type { Kafka } from 'kafkajs';
import type { RevocationList } from './revocation-list';

/**
 * The identity events that revoke tokens. They are identity's public contracts
 * (@plein/identity/contracts); shared code cannot import a service's library, so the names are
 * repeated here and checked against the contracts by identity's tests.
 */
export const REVOCATION_TOPICS = ['identity.user.events.v1', 'identity.session.events.v1'] as const;
export const USER_REVOKING_EVENTS = ['identity.user.deactivated', 'identity.user.deleted', 'identity.user.role-revoked'] as const;
export const SESSION_REVOKING_EVENTS = ['identity.session.revoked'] as const;

/** How often a loading feed looks whether its backlog is applied (see watchCatchUp). */
const CATCH_UP_POLL_MS = 250;

/** Bound of the group removal at stop; past it the removal finishes in the background. */
const CLEANUP_TIMEOUT_MS = 2_000;

export interface RevocationFeedOptions {
  readonly kafka: Kafka;
  /**
   * Client for the best-effort group removal at stop; it should not retry (the platform's
   * `KafkaDependency.oneShot`), so that a broker gone away cannot keep it connecting after the
   * app closed. Default: `kafka`.
   */
  readonly cleanupKafka?: Kafka;
  /** The consuming service; the group is `<service>.auth-revocations.<instance>`. */
  readonly service: string;
  readonly list: RevocationList;
  /** Validates and upcasts (identity's contracts); failures are logged and the revocation still applied (fail closed). */
  readonly contracts?: ContractRegistryLike;
  readonly logger?: MessagingLogger;
  /** How far back to read at start: the longest token lifetime plus tolerance (= list.retentionMs). */
  readonly lookbackMs?: number;
  /**
   * Log a warning when the backlog is still not applied after this long. Tokens stay refused (503)
   * until it is: the feed never fails open. Default 30 s.
   */
  readonly catchUpTimeoutMs?: number;
  /**
   * The installation's `KAFKA_TOPIC_PREFIX` (kafka config `topicPrefix`): identity writes its topics
   * under it, so every service reads them under it. Default none.
   */
  readonly topicPrefix?: string;
  /** Overrides the topics (before the prefix). Default REVOCATION_TOPICS. */
  readonly topics?: readonly string[];
  /** Bound of `stop()` (EventProcessor `stopTimeoutMs`). Default 3 s. */
  readonly stopTimeoutMs?: number;
}

/**
 * Keeps a RevocationList current from identity's events. Every replica must see every
 * revocation, so each process has its own consumer group (removed again on stop). At each start
 * the processor seeks to the events of the last `lookbackMs` (older revocations only concern
 * tokens that have expired by now), and `ready` turns true once the backlog present at start is
 * applied, so a freshly started service never accepts a token revoked just before.
 * Its processor runs without a dead-letter topic (one per replica would pile up): handlers cannot
 * fail, a contract violation is logged and applied anyway, and an undecodable message is logged
 * and dropped.
 */
export class RevocationFeed implements Startable {
  /** The consumer group, `<service>.auth-revocations.<instance>` (one element). */
  readonly groups: readonly string[];
  private readonly processor: EventProcessor;
  private started = 0;
  private loaded = false;
  private slowCatchUpLogged = false;

  constructor(private readonly options: RevocationFeedOptions) {
    const instance = randomBytes(6).toString('hex');
    const contracts = options.contracts;
    const logger = options.logger;
    const registry: ContractRegistryLike = {
      validate: (envelope) => {
        try {
          contracts?.validate(envelope, 'consume');
        } catch (error) {
          logger?.warn('revocation event violates its contract; applied anyway', { eventId: envelope.id, type: envelope.type, reason: String(error) });
        }
      },
      upcast: (envelope) => {
        try {
          return contracts ? contracts.upcast(envelope) : envelope;
        } catch {
          return envelope;
        }
      },
    };
    const lookbackMs = options.lookbackMs ?? options.list.retentionMs;
    this.processor = new EventProcessor({
      kafka: options.kafka,
      service: options.service,
      processor: `auth-revocations.${instance}`,
      topics: (options.topics ?? REVOCATION_TOPICS).map((topic) => prefixedTopicName(options.topicPrefix ?? '', topic)),
      handlers: {},
      defaultHandler: async (envelope) => this.apply(envelope),
      registry,
      seek: { lookbackMs }, // the window ends at each start
      deadLetters: 'drop',
      consumer: { maxWaitTimeInMs: 500 },
      // Handlers are in memory: a stop is quick unless the broker is unreachable, and then
      // nothing is gained by holding the app's shutdown.
      stopTimeoutMs: options.stopTimeoutMs ?? 3_000,
      ...(logger ? { logger } : {}),
    });
    this.groups = [this.processor.group];
  }

  /** True once the backlog of the lookback window has been applied; stays true. Never true before (fail closed). */
  get ready(): boolean {
    return this.notReadyReason === undefined;
  }

  /**
   * Why tokens cannot be checked yet, for the 503 and the `/ready` check detail; undefined once
   * the backlog is applied. A pure read: the feed latches "loaded" and logs a slow catch-up
   * itself, from start (see watchCatchUp), however often or rarely this is asked.
   */
  get notReadyReason(): string | undefined {
    if (this.loaded) return undefined;
    if (this.started === 0) return 'revocation feed not started (waiting for Kafka)';
    if (this.processor.caughtUp) return undefined;
    const waitedMs = Date.now() - this.started;
    if (waitedMs <= this.catchUpTimeoutMs) return 'loading the revocation backlog';
    return `revocation backlog not applied after ${Math.floor(waitedMs / 1000)} s`;
  }

  async start(): Promise<void> {
    await this.processor.start();
    if (!this.processor.running) return;
    this.started = Date.now();
    this.watchCatchUp();
  }

  private get catchUpTimeoutMs(): number {
    return this.options.catchUpTimeoutMs ?? 30_000;
  }

  /**
   * Where the feed's readiness changes: it latches `loaded` once the processor has applied the
   * backlog (at once when there was none), and logs once when that takes longer than
   * `catchUpTimeoutMs` (and again when it is done). Polls the processor while loading only; the
   * timer holds no process open and ends with the processor.
   */
  private watchCatchUp(): void {
    const check = (): boolean => {
      if (this.loaded || !this.processor.running) return true;
      if (this.processor.caughtUp) {
        this.loaded = true;
        if (this.slowCatchUpLogged) this.options.logger?.info('revocation backlog applied; accepting tokens again', { consumerGroup: this.processor.group });
        return true;
      }
      const reason = this.notReadyReason;
      if (!this.slowCatchUpLogged && Date.now() - this.started > this.catchUpTimeoutMs) {
        this.slowCatchUpLogged = true;
        this.options.logger?.warn(`${reason}; refusing tokens (503) until it is`, { consumerGroup: this.processor.group });
      }
      return false;
    };
    if (check()) return;
    const timer = setInterval(() => {
      if (check()) clearInterval(timer);
    }, CATCH_UP_POLL_MS);
    timer.unref();
  }

  /** Stops the processor (bounded, see `stopTimeoutMs`) and deletes the group. */
  async stop(): Promise<void> {
    await this.processor.stop();
    // A consumer still disconnecting in the background means the broker did not answer: the
    // group cannot be removed then (it expires on its own), and trying would leave an admin
    // retrying its connection after the app has closed.
    if (!this.processor.closed) return;
    const admin = (this.options.cleanupKafka ?? this.options.kafka).admin();
    const cleanup = (async () => {
      await admin.connect();
      await admin.deleteGroups([...this.groups]).catch(() => undefined);
    })().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([cleanup, new Promise((resolve) => (timer = setTimeout(resolve, CLEANUP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    void cleanup.finally(() => admin.disconnect().catch(() => undefined));
  }

  private apply(envelope: EventEnvelope): void {
    const at = new Date(envelope.occurredAt);
    if (Number.isNaN(at.getTime())) return;
    if ((USER_REVOKING_EVENTS as readonly string[]).includes(envelope.type)) this.options.list.revokeUser(envelope.aggregateId, at);
    else if ((SESSION_REVOKING_EVENTS as readonly string[]).includes(envelope.type)) this.options.list.revokeSession(envelope.aggregateId, at);
  }
}
