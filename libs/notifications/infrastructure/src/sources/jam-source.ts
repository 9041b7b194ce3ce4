import { feedIdeaJamTopic, ideaJamContracts, ideaJamUpcasters, jamBallotContracts, type IdeaJamClosedV1, type IdeaJamScheduledV1, type ScopedAudience } from '@plein/feed/contracts';
import { FAN_OUT_CHUNK, notifyAll, type SourceDeps } from '@plein/notifications/application';
import type { NotificationType } from '@plein/notifications/domain';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import type { Clock, EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import { applyInSequence } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { derivedId } from '../inbox/mongo-inbox';
import { RoundTimer } from './round-timer';

/**
 * Idea jams as the jams source keeps them (`<namespace>_jams_v<N>`, one document per jam, written
 * in stream order from feed.ideajam.*), plus what the jam timer has told: `openedAt` once everyone
 * was told it opened, `closedAt` once everyone was told it closed.
 */
export interface JamDocument {
  _id: string;
  managerId: string;
  audience: ScopedAudience;
  title: string;
  opensAt: string;
  closesAt: string;
  /** When the jam stops taking ideas: `closesAt`, or when it was closed early. */
  closeAt: string;
  /** Who closed it early (their own action: they are not told). */
  closedBy?: string;
  cancelled?: boolean;
  openedAt?: string;
  /** The jam had closed (or been cancelled) before the opening round reached it: nobody is told it opened, nor that it closed. */
  openSkipped?: boolean;
  closedAt?: string;
  /** A replica working on a round of this jam holds it until then (ISO-8601); cleared when the round is done. */
  leaseUntil?: string;
  lastSequence: number;
}

export const JAMS_VERSION = 1;
/** Partitions of feed.ideajam.events.v1 (deploy/topics/topics.yaml), created when missing. */
export const JAM_TOPIC_PARTITIONS = 3;
/** The jams source's consumer group is `<service>.source-jams.v<N>`. */
export const JAM_SOURCE_PROCESSOR = `source-jams.v${JAMS_VERSION}`;

export const jamTopic = (topicPrefix = ''): string => prefixedTopicName(topicPrefix, feedIdeaJamTopic.name);

export function jamsCollection(db: mongo.Db, namespace: string): mongo.Collection<JamDocument> {
  return db.collection<JamDocument>(`${namespace}_jams_v${JAMS_VERSION}`);
}

export async function ensureJams(jams: mongo.Collection<JamDocument>): Promise<void> {
  await jams.createIndex({ opensAt: 1 });
  await jams.createIndex({ closeAt: 1 });
}

/** What each jam event changes in its document (every event passes the sequence guard, also those that change nothing). */
export function jamUpdate(e: EventEnvelope): mongo.UpdateFilter<JamDocument> {
  switch (e.type) {
    case 'feed.ideajam.scheduled': {
      const d = e.data as IdeaJamScheduledV1;
      return { $set: { managerId: d.managerId, audience: d.audience, title: d.title, opensAt: d.opensAt, closesAt: d.closesAt, closeAt: d.closesAt } };
    }
    case 'feed.ideajam.closed':
      // Closed after closesAt: the jam had stopped at closesAt already.
      return (e.data as IdeaJamClosedV1).early ? { $set: { closeAt: e.occurredAt, closedBy: e.actorId } } : {};
    case 'feed.ideajam.cancelled':
      return { $set: { cancelled: true } };
    default:
      return {};
  }
}

export interface JamSourceOptions {
  readonly kafka: Kafka;
  readonly service: string;
  readonly topicPrefix?: string;
  readonly jams: mongo.Collection<JamDocument>;
  readonly logger?: MessagingLogger;
}

/** The jams source: its own consumer group, reading feed.ideajam.events.v1 from the beginning into the jams collection. Tells nobody itself: the JamTimer does, at the jam's times. */
export function jamSourceProcessor(options: JamSourceOptions): EventProcessor {
  return new EventProcessor({
    kafka: options.kafka,
    service: options.service,
    processor: JAM_SOURCE_PROCESSOR,
    topics: [jamTopic(options.topicPrefix)],
    handlers: {},
    defaultHandler: async (e) => void (await applyInSequence<JamDocument>(options.jams, e.aggregateId, e.sequence, jamUpdate(e))),
    // The ballot contracts come along: the jam upcasters include theirs.
    registry: new ContractRegistry([...ideaJamContracts, ...jamBallotContracts], ideaJamUpcasters),
    fromBeginning: true,
    retry: { attempts: 10, initialBackoffMs: 200, maxBackoffMs: 5_000 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

export interface JamTimerOptions {
  readonly clock: Clock;
  /** How often a round runs. Default 60 s. */
  readonly intervalMs?: number;
  /** How long a replica holds a jam while it tells its audience (another replica takes over after it). Default 5 min. */
  readonly leaseMs?: number;
  readonly logger?: MessagingLogger;
}

type Phase = 'opened' | 'closed';
const DONE: Record<Phase, 'openedAt' | 'closedAt'> = { opened: 'openedAt', closed: 'closedAt' };
/** Jams handled per phase and round (the next round takes the rest). */
const PER_ROUND = 100;

/**
 * Tells a jam's audience (every active person for an organisation jam, the group's members for a
 * group jam) that it opened (at `opensAt`) and that it closed (at `closesAt`, or when it was closed
 * early), through the never rules and the in-app preferences (`jam-opened`, `jam-closed`). A
 * cancelled jam tells nothing more; a jam that was closed before its opening was told tells
 * nothing. Each jam and phase is held by one replica at a time (a lease in its document), and the
 * items carry a source event id derived from the jam and phase, so the inbox keeps one per person
 * even when a replica died half-way and another ran the phase again.
 */
export class JamTimer extends RoundTimer {
  constructor(
    private readonly deps: SourceDeps,
    private readonly jams: mongo.Collection<JamDocument>,
    private readonly options: JamTimerOptions,
  ) {
    super({ what: 'jam', ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  }

  protected async round(): Promise<void> {
    const now = this.options.clock.now().toISOString();
    const opening = await this.jams.find({ cancelled: { $ne: true }, openedAt: { $exists: false }, opensAt: { $lte: now } }, { projection: { _id: 1 } }).limit(PER_ROUND).toArray();
    for (const { _id } of opening) {
      const jam = await this.claim(_id, 'opened', now);
      if (!jam) continue;
      const stillOpen = jam.closeAt > now;
      if (stillOpen) await this.tell(jam, 'opened');
      await this.jams.updateOne({ _id }, { $set: { openedAt: now, ...(stillOpen ? {} : { openSkipped: true }) }, $unset: { leaseUntil: '' } });
    }
    const closing = await this.jams
      .find({ cancelled: { $ne: true }, openedAt: { $exists: true }, openSkipped: { $ne: true }, closedAt: { $exists: false }, closeAt: { $lte: now } }, { projection: { _id: 1 } })
      .limit(PER_ROUND)
      .toArray();
    for (const { _id } of closing) {
      const jam = await this.claim(_id, 'closed', now);
      if (!jam) continue;
      await this.tell(jam, 'closed');
      await this.jams.updateOne({ _id }, { $set: { closedAt: now }, $unset: { leaseUntil: '' } });
    }
  }

  /** Takes the jam for this phase unless it is done, cancelled, or held by another replica whose lease has not run out. */
  private async claim(id: string, phase: Phase, now: string): Promise<JamDocument | null> {
    const until = new Date(Date.parse(now) + (this.options.leaseMs ?? 300_000)).toISOString();
    return this.jams.findOneAndUpdate(
      { _id: id, cancelled: { $ne: true }, [DONE[phase]]: { $exists: false }, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }] },
      { $set: { leaseUntil: until } },
      { returnDocument: 'after' },
    );
  }

  private async tell(jam: JamDocument, phase: Phase): Promise<void> {
    const audience = jam.audience;
    const everyone = audience.kind === 'organisation' ? this.deps.people.allActive(FAN_OUT_CHUNK) : this.deps.memberships.members(audience.groupId, FAN_OUT_CHUNK);
    const type: NotificationType = phase === 'opened' ? 'jam-opened' : 'jam-closed';
    await notifyAll(
      this.deps,
      {
        type,
        target: { kind: 'idea-jam', id: jam._id, ...(audience.kind === 'group' ? { groupId: audience.groupId } : {}) },
        // The manager runs the jam (an early close: whoever closed it); they are not told about it.
        actorId: phase === 'closed' && jam.closedBy ? jam.closedBy : jam.managerId,
        audience,
        ownerId: jam.managerId,
        excerpt: jam.title,
        sourceEventId: derivedId(jam._id, type),
        // When it happened (a round runs up to intervalMs later).
        occurredAt: phase === 'opened' ? jam.opensAt : jam.closeAt,
      },
      everyone,
    );
  }
}
