import { feedFollowTopic, followContracts, type FollowStartedV1 } from '@plein/feed/contracts';
import type { FollowersDirectory } from '@plein/notifications/application';
import { notificationsContracts, notificationsUpcasters } from '@plein/notifications/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * Who follows whom, as the feed's follow events tell: one document per follow aggregate
 * (`<followerId>:person:<userId>`; group and hashtag follows are kept as empty documents so their
 * sequence passes the guard), `active` while the follow stands. Followers-only content is seen by
 * its author and the author's current followers (the feed's visibility rule), so these are the
 * people the sources may tell about it.
 */
export interface FollowDocument {
  _id: string;
  followerId?: string;
  /** The person followed. */
  userId?: string;
  active?: boolean;
  lastSequence: number;
}

export const FOLLOWERS_READ_MODEL_VERSION = 1;
/** Partitions of feed.follow.events.v1 (deploy/topics/topics.yaml), created when missing. */
export const FOLLOW_TOPIC_PARTITIONS = 6;

export const followTopic = (topicPrefix = ''): string => prefixedTopicName(topicPrefix, feedFollowTopic.name);

/** The contracts the service's projection host reads: its own (preferences) and the feed's follow events. */
export const followersReadRegistry = (): ContractRegistry => new ContractRegistry([...notificationsContracts, ...followContracts], notificationsUpcasters);

export function followUpdate(e: EventEnvelope): mongo.UpdateFilter<FollowDocument> {
  if (e.type !== 'feed.follow.started' && e.type !== 'feed.follow.stopped') return {};
  const d = e.data as FollowStartedV1;
  if (d.target.kind !== 'person') return {};
  return { $set: { followerId: d.followerId, userId: d.target.userId, active: e.type === 'feed.follow.started' } };
}

/**
 * The followers read model `<service>_followers_v<N>`, fed by the consumer group
 * `<service>.followers.v<N>` from the beginning of feed.follow.events.v1 (versioned and run by the
 * projection host like every read model; a new version is fed again from the start of the topic).
 */
export function followersProjection(topicPrefix = ''): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'followers',
    version: FOLLOWERS_READ_MODEL_VERSION,
    topics: [followTopic(topicPrefix)],
    aggregateTypes: ['follow'],
    async setup(ctx) {
      await ctx.collection.createIndex({ userId: 1, followerId: 1, active: 1 });
    },
    apply: async (event, ctx) => void (await applyInSequence<FollowDocument>(ctx.collection, event.aggregateId, event.sequence, followUpdate(event))),
  });
}

/** Reads of the followers read model (its active version). */
export class MongoFollowersDirectory implements FollowersDirectory {
  constructor(private readonly collection: () => Promise<mongo.Collection<FollowDocument>>) {}

  async followersAmong(userId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await (await this.collection()).find({ userId, followerId: { $in: [...ids] }, active: true }, { projection: { followerId: 1 } }).toArray();
    return new Set(docs.map((d) => d.followerId!));
  }
}
