import type { JamBallotIdeaVotedV2 } from '@plein/feed/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { FeedTopics } from '../feed-topics';
import {
  agendaItemUpdate,
  applyDocumentUpdate,
  commentUpdate,
  followUpdate,
  groupUpdate,
  ideaJamUpdate,
  jamBallotUpdate,
  membershipUpdate,
  postUpdate,
  reactionUpdate,
  responseUpdate,
  rsvpUpdate,
  type DocumentProjectionInput,
} from './documents';
import { eventRowsProjection, type EventRow, type EventRowsInput } from './rows';
import { usersProjection } from './users.projection';

/**
 * The version of each feed read model: it names the collection (`feed_<name>_v<N>`) and the
 * consumer group (`feed.<name>.v<N>`). Bump one when its document shape or its logic changes, and
 * rebuild it with `npm run projection:rebuild` (docs/projections.md); the others are untouched.
 */
export const FEED_READ_MODEL_VERSIONS = {
  users: 1,
  posts: 2,
  comments: 2,
  reactions: 2,
  responses: 2,
  groups: 2,
  memberships: 2,
  follows: 2,
  'idea-jams': 2,
  'jam-ballots': 2,
  'jam-votes': 1,
  'agenda-items': 3,
  rsvps: 2,
  'home-timeline': 1,
} as const satisfies Record<string, number>;
export type FeedReadModelName = keyof typeof FEED_READ_MODEL_VERSIONS;

/**
 * A read model of one aggregate type, one document per aggregate: its projection, and what the
 * HTTP read-your-writes path applies to it (with the rows kept beside it, if any).
 */
export interface AggregateReadModel {
  readonly name: FeedReadModelName;
  readonly version: number;
  readonly topic: string;
  readonly aggregateType: string;
  readonly indexes?: readonly Record<string, 1 | -1>[];
  readonly rows?: EventRowsInput;
  apply(collection: MongoProjectionContext['collection'], envelope: EventEnvelope): Promise<unknown>;
}

const owned = (input: DocumentProjectionInput & { name: FeedReadModelName; rows?: Omit<EventRowsInput, 'topic' | 'aggregateType'> & { name: FeedReadModelName } }): AggregateReadModel => {
  const { rows, ...rest } = input;
  return {
    ...rest,
    version: FEED_READ_MODEL_VERSIONS[input.name],
    ...(rows ? { rows: { ...rows, topic: input.topic, aggregateType: input.aggregateType } } : {}),
    apply: (collection, envelope) => applyDocumentUpdate(collection, envelope, input),
  };
};

function aggregateProjection(model: AggregateReadModel): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: model.name,
    version: model.version,
    topics: [model.topic],
    aggregateTypes: [model.aggregateType],
    async setup(ctx: MongoProjectionContext) {
      for (const key of model.indexes ?? []) await ctx.collection.createIndex(key);
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await model.apply(ctx.collection, envelope);
    },
  });
}

const defs = (topics: FeedTopics): AggregateReadModel[] => {
  const topic = (t: string) => topics.feed(t);
  return [
    owned({ name: 'posts', topic: topic('post'), aggregateType: 'post', update: postUpdate,
      indexes: [{ groupId: 1, _id: -1 }, { authorId: 1, _id: -1 }, { hashtags: 1, _id: -1 }, { announcement: 1, _id: -1 }, { audienceKind: 1, _id: -1 }, { jamId: 1 }] }),
    owned({ name: 'comments', topic: topic('comment'), aggregateType: 'comment', update: commentUpdate, indexes: [{ postId: 1, _id: 1 }] }),
    owned({ name: 'reactions', topic: topic('reaction'), aggregateType: 'reaction', update: reactionUpdate, indexes: [{ targetId: 1, kind: 1 }] }),
    owned({ name: 'responses', topic: topic('response'), aggregateType: 'response', update: responseUpdate, initial: { acknowledgedRound: 0, registered: false, vote: [] },
      indexes: [{ postId: 1, userId: 1 }] }),
    owned({ name: 'groups', topic: topic('group'), aggregateType: 'group', update: groupUpdate, indexes: [{ status: 1, _id: 1 }] }),
    owned({ name: 'memberships', topic: topic('member'), aggregateType: 'member', update: membershipUpdate,
      indexes: [{ groupId: 1, status: 1, userId: 1 }, { userId: 1, status: 1 }] }),
    owned({ name: 'follows', topic: topic('follow'), aggregateType: 'follow', update: followUpdate, indexes: [{ followerId: 1, active: 1 }, { targetKey: 1, active: 1, followerId: 1 }] }),
    owned({ name: 'idea-jams', topic: topic('ideajam'), aggregateType: 'ideajam', update: ideaJamUpdate }),
    owned({ name: 'jam-ballots', topic: topic('jamballot'), aggregateType: 'jamballot', update: jamBallotUpdate, initial: { ideaIds: [] }, indexes: [{ jamId: 1 }],
      rows: { name: 'jam-votes', rows: jamVoteRows, indexes: [{ jamId: 1, voted: 1 }] } }),
    owned({ name: 'agenda-items', topic: topic('agendaitem'), aggregateType: 'agendaitem', update: agendaItemUpdate, indexes: [{ status: 1, startsAt: 1, _id: 1 }] }),
    owned({ name: 'rsvps', topic: topic('rsvp'), aggregateType: 'rsvp', update: rsvpUpdate, indexes: [{ agendaItemId: 1, answer: 1 }] }),
  ];
};

/**
 * One row per (jam, person, idea): whether the person's vote for the idea stands, so a jam's
 * tallies are one `$match` + `$group` on flat fields counted by the server (`jam-votes`).
 */
function jamVoteRows(envelope: EventEnvelope): EventRow[] {
  const { jamId, userId, ideaId } = envelope.data as JamBallotIdeaVotedV2;
  return [{ _id: `${jamId}:${userId}:${ideaId}`, fields: { jamId, userId, ideaId, voted: envelope.type === 'feed.jamballot.idea-voted' } }];
}

/** The single-aggregate read models, by aggregate type (read-your-writes applies through these). */
export function feedAggregateReadModels(topics: FeedTopics): Map<string, AggregateReadModel> {
  return new Map(defs(topics).map((d) => [d.aggregateType, d]));
}

/** Every projection of the feed except the home timeline (which needs read-model access). */
export function feedReadModelProjections(topics: FeedTopics): ProjectionDefinition[] {
  const models = defs(topics);
  const rows = models.flatMap((d) => (d.rows ? [eventRowsProjection(d.rows, FEED_READ_MODEL_VERSIONS[d.rows.name as FeedReadModelName])] : []));
  return [usersProjection(topics, FEED_READ_MODEL_VERSIONS.users), ...models.map(aggregateProjection), ...rows];
}
