import type { PostPublishedV2 } from '@plein/feed/contracts';
import { fanOutPost, type FanOutSettings, type FollowReadModel, type GroupReadModel } from '@plein/feed/application';
import { systemClock, type EventEnvelope } from '@plein/shared/kernel';
import { defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { FeedTopics } from '../feed-topics';
import { FEED_READ_MODEL_VERSIONS } from './feed.projections';
import { MongoHomeTimelineStore, type HomeTimelineCollections } from '../timeline/mongo-home-timeline.store';

export interface HomeTimelineProjectionDeps {
  readonly follows: FollowReadModel;
  readonly groups: GroupReadModel;
  readonly owners: HomeTimelineCollections['owners'];
  readonly large: HomeTimelineCollections['large'];
  readonly settings: FanOutSettings;
}

/**
 * Fan-out on write (consumer group `feed.home-timeline.v<N>`): a published post goes to the home
 * timelines of its author and its small audience; a deleted post (author, administrator or
 * moderation) leaves every timeline. Hidden posts stay and are filtered on read, so a restore
 * needs no re-fan-out. Rows have deterministic ids (`${ownerId}:${postId}`), so redelivery is
 * harmless. Rebuilds use the follower and member lists as they are at rebuild time.
 */
export const homeTimelineProjection = (topics: FeedTopics, deps: HomeTimelineProjectionDeps): ProjectionDefinition =>
  defineProjection({
    name: 'home-timeline',
    version: FEED_READ_MODEL_VERSIONS['home-timeline'],
    topics: [topics.feed('post')],
    aggregateTypes: ['post'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ ownerId: 1, postId: -1 });
      await ctx.collection.createIndex({ postId: 1 });
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      const store = new MongoHomeTimelineStore({ entries: async () => ctx.collection, owners: deps.owners, large: deps.large }, deps.settings.cap);
      if (envelope.type === 'feed.post.published') {
        const data = envelope.data as PostPublishedV2;
        await fanOutPost(
          { timelines: store, follows: deps.follows, groups: deps.groups, clock: systemClock, settings: deps.settings },
          { postId: envelope.aggregateId, authorId: data.authorId, audience: data.audience, kind: data.kind },
        );
      } else if (envelope.type === 'feed.post.deleted') {
        await store.removePost(envelope.aggregateId);
      }
    },
  });
