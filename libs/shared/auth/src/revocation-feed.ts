import { randomBytes } from 'node:crypto';
import { EventProcessor, type ContractRegistryLike, type MessagingLogger, type Startable } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { Admin, Kafka } from 'kafkajs';
import type { RevocationList } from './revocation-list';

/**
 * The identity events that revoke tokens. They are identity's public contracts
 * (@plein/identity/contracts); shared code cannot import a service's library, so the names are
 * repeated here and checked against the contracts by identity's tests.
 */
export const REVOCATION_TOPICS = ['identity.user.events.v1', 'identity.session.events.v1'] as const;
export const USER_REVOKING_EVENTS = ['identity.user.deactivated', 'identity.user.deleted', 'identity.user.role-revoked'] as const;
export const SESSION_REVOKING_EVENTS = ['identity.session.revoked'] as const;

export interface RevocationFeedOptions {
  readonly kafka: Kafka;
  /** The consuming service; groups are `<service>.auth-revocations.<instance>.<n>`. */
  readonly service: string;
  readonly list: RevocationList;
  /** Validates and upcasts (identity's contracts); failures are logged and the revocation still applied (fail closed). */
  readonly contracts?: ContractRegistryLike;
  readonly logger?: MessagingLogger;
  /** How far back to read at start: the longest token lifetime plus tolerance (= list.retentionMs). */
  readonly lookbackMs?: number;
  /** Give up waiting for the backlog after this long and serve anyway (logged). Default 30 s. */
  readonly catchUpTimeoutMs?: number;
  readonly topics?: readonly string[];
}

/**
 * Keeps a RevocationList current from identity's events. Every replica must see every
 * revocation, so each process has its own consumer groups (removed again on stop). At start the
 * group is positioned at the events of the last `lookbackMs` (older revocations only concern
 * tokens that have expired by now), and `ready` turns true once that backlog is applied, so a
 * freshly started service never accepts a token revoked just before.
 * Its processor runs without a dead-letter topic (one per replica would pile up): handlers cannot
 * fail, and a contract violation is logged and applied anyway.
 */
export class RevocationFeed implements Startable {
  /** Consumer groups, one per topic: `<service>.auth-revocations.<instance>.<n>`. */
  readonly groups: readonly string[];
  private readonly processors: readonly EventProcessor[];
  private readonly topics: readonly string[];
  private pending = new Map<string, bigint>();
  private started = 0;
  private catchUpGivenUp = false;

  constructor(private readonly options: RevocationFeedOptions) {
    const instance = randomBytes(6).toString('hex');
    this.topics = options.topics ?? REVOCATION_TOPICS;
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
    // One processor (and group) per topic: positioning a group takes one kafkajs setOffsets per
    // topic, which joins the group and waits a fetch round; separate groups do that in parallel.
    this.processors = this.topics.map(
      (topic, n) =>
        new EventProcessor({
          kafka: options.kafka,
          service: options.service,
          processor: `auth-revocations.${instance}.${n}`,
          topics: [topic],
          handlers: {},
          defaultHandler: async (envelope, ctx) => {
            this.apply(envelope);
            this.seen(ctx.topic, ctx.partition, ctx.offset);
          },
          registry,
          ensureDeadLetterTopic: false,
          consumer: { maxWaitTimeInMs: 500 },
          ...(logger ? { logger } : {}),
        }),
    );
    this.groups = this.processors.map((p) => p.group);
  }

  /** True once the backlog of the lookback window has been applied (or waiting for it timed out). */
  get ready(): boolean {
    if (this.started === 0) return false;
    if (this.pending.size === 0) return true;
    if (!this.catchUpGivenUp && Date.now() - this.started > (this.options.catchUpTimeoutMs ?? 30_000)) {
      this.catchUpGivenUp = true;
      this.options.logger?.warn('revocation backlog not applied in time; serving anyway', { consumerGroup: this.groups.join(','), count: this.pending.size });
    }
    return this.catchUpGivenUp;
  }

  async start(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const since = Date.now() - (this.options.lookbackMs ?? this.options.list.retentionMs);
      const existing = new Set(await admin.listTopics());
      const positioned = await Promise.all(this.topics.map((topic, n) => (existing.has(topic) ? this.position(admin, topic, this.groups[n]!, since) : [])));
      this.pending = new Map(positioned.flat());
    } finally {
      await admin.disconnect();
    }
    await Promise.all(this.processors.map((p) => p.start()));
    this.started = Date.now();
  }

  async stop(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.stop()));
    const admin = this.options.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([...this.groups]).catch(() => undefined);
    await admin.disconnect();
  }

  private apply(envelope: EventEnvelope): void {
    const at = new Date(envelope.occurredAt);
    if (Number.isNaN(at.getTime())) return;
    if ((USER_REVOKING_EVENTS as readonly string[]).includes(envelope.type)) this.options.list.revokeUser(envelope.aggregateId, at);
    else if ((SESSION_REVOKING_EVENTS as readonly string[]).includes(envelope.type)) this.options.list.revokeSession(envelope.aggregateId, at);
  }

  private seen(topic: string, partition: number, offset: string): void {
    const key = `${topic}:${partition}`;
    const target = this.pending.get(key);
    if (target !== undefined && BigInt(offset) + 1n >= target) this.pending.delete(key);
  }

  /**
   * Commits, for the new group, the first offset at or after `since` on every partition of the
   * topic, and returns the partitions whose backlog (up to today's end offset) is not empty.
   */
  private async position(admin: Admin, topic: string, groupId: string, since: number): Promise<[string, bigint][]> {
    const [ends, starts] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchTopicOffsetsByTimestamp(topic, since)]);
    const pending: [string, bigint][] = [];
    const partitions = ends.map(({ partition, high }) => {
      const start = starts.find((s) => s.partition === partition)?.offset;
      const offset = start === undefined || start === '-1' ? high : start;
      if (BigInt(offset) < BigInt(high)) pending.push([`${topic}:${partition}`, BigInt(high)]);
      return { partition, offset };
    });
    await admin.setOffsets({ groupId, topic, partitions });
    return pending;
  }
}
