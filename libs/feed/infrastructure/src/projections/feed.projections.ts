import {
  evolveAgendaItem,
  evolveFollow,
  evolveIdeaJam,
  evolveJamBallot,
  evolveMembership,
  evolveReaction,
  evolveResponse,
  evolveRsvp,
  initialAgendaItemState,
  initialFollowState,
  initialIdeaJamState,
  initialJamBallotState,
  initialMembershipState,
  initialReactionState,
  initialResponseState,
  initialRsvpState,
} from '@plein/feed/domain';
import type { FollowStartedV1, IdeaJamOutcomesPublishedV2, JamBallotIdeaVotedV2, ReactionAddedV2, ResponseAcknowledgedV2 } from '@plein/feed/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { FeedTopics } from '../feed-topics';
import { applyDocumentUpdate, commentUpdate, groupUpdate, postUpdate, type DocumentProjectionInput } from './documents';
import { applyFolded, type FoldingProjectionInput } from './fold';
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
  reactions: 1,
  responses: 1,
  groups: 2,
  memberships: 1,
  follows: 1,
  'idea-jams': 1,
  'jam-ballots': 1,
  'jam-votes': 1,
  'agenda-items': 1,
  rsvps: 1,
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

const owned = (input: DocumentProjectionInput & { name: FeedReadModelName }): AggregateReadModel => ({
  ...input,
  version: FEED_READ_MODEL_VERSIONS[input.name],
  apply: (collection, envelope) => applyDocumentUpdate(collection, envelope, input),
});

const folded = <S>(input: FoldingProjectionInput<S> & { name: FeedReadModelName; rows?: Omit<EventRowsInput, 'topic' | 'aggregateType'> & { name: FeedReadModelName } }): AggregateReadModel => {
  const { rows, ...rest } = input;
  return {
    ...rest,
    version: FEED_READ_MODEL_VERSIONS[input.name],
    ...(rows ? { rows: { ...rows, topic: input.topic, aggregateType: input.aggregateType } } : {}),
    apply: (collection, envelope) => applyFolded(collection, envelope, input),
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

// The deciders' evolve functions take their own event unions; the store hands them envelopes of
// exactly those contracts (upcast to the latest version), so the cast only widens the input type.
type AnyEvolve<S> = (state: S, event: { type: string; version: number; data: unknown }) => S;
const evolveWith = <S>(evolve: (state: S, event: never) => S): AnyEvolve<S> => evolve as unknown as AnyEvolve<S>;
const pairOf = (id: string): [string, string] => {
  const colon = id.lastIndexOf(':');
  return [id.slice(0, colon), id.slice(colon + 1)];
};

const defs = (topics: FeedTopics): AggregateReadModel[] => {
  const topic = (t: string) => topics.feed(t);
  const list: AggregateReadModel[] = [];
  const add = <S>(input: Parameters<typeof folded<S>>[0]) => list.push(folded(input));
  list.push(owned({ name: 'posts', topic: topic('post'), aggregateType: 'post', update: postUpdate,
    indexes: [{ groupId: 1, _id: -1 }, { authorId: 1, _id: -1 }, { hashtags: 1, _id: -1 }, { announcement: 1, _id: -1 }, { audienceKind: 1, _id: -1 }, { jamId: 1 }] }));
  list.push(owned({ name: 'comments', topic: topic('comment'), aggregateType: 'comment', update: commentUpdate, indexes: [{ postId: 1, _id: 1 }] }));
  add({ name: 'reactions', topic: topic('reaction'), aggregateType: 'reaction', initial: initialReactionState, evolve: evolveWith(evolveReaction),
    fields: (s, e) => ({ ...refOf(e.data as ReactionAddedV2), kind: s.kind }), indexes: [{ targetId: 1, kind: 1 }] });
  add({ name: 'responses', topic: topic('response'), aggregateType: 'response', initial: initialResponseState, evolve: evolveWith(evolveResponse),
    fields: (s, e) => responseFields(s, e), indexes: [{ postId: 1, userId: 1 }] });
  list.push(owned({ name: 'groups', topic: topic('group'), aggregateType: 'group', update: groupUpdate }));
  add({ name: 'memberships', topic: topic('member'), aggregateType: 'member', initial: initialMembershipState, evolve: evolveWith(evolveMembership),
    fields: (s, e) => {
      const [groupId, userId] = pairOf(e.aggregateId);
      return { groupId, userId, status: s.status, role: s.status === 'member' ? s.role : null };
    },
    indexes: [{ groupId: 1, status: 1, userId: 1 }, { userId: 1, status: 1 }] });
  add({ name: 'follows', topic: topic('follow'), aggregateType: 'follow', initial: initialFollowState, evolve: evolveWith(evolveFollow),
    fields: (s, e) => followFields(s.following, e), indexes: [{ followerId: 1, active: 1 }, { targetKey: 1, active: 1, followerId: 1 }] });
  add({ name: 'idea-jams', topic: topic('ideajam'), aggregateType: 'ideajam', initial: initialIdeaJamState, evolve: evolveWith(evolveIdeaJam),
    fields: (_s, e) => (e.type === 'feed.ideajam.outcomes-published' ? { outcomes: outcomesOf(e.data as IdeaJamOutcomesPublishedV2) } : {}) });
  add({ name: 'jam-ballots', topic: topic('jamballot'), aggregateType: 'jamballot', initial: initialJamBallotState, evolve: evolveWith(evolveJamBallot),
    fields: (s, e) => ({ jamId: pairOf(e.aggregateId)[0], userId: pairOf(e.aggregateId)[1], ideaIds: s.ideaIds }), indexes: [{ jamId: 1 }],
    rows: { name: 'jam-votes', rows: jamVoteRows, indexes: [{ jamId: 1, voted: 1 }] } });
  add({ name: 'agenda-items', topic: topic('agendaitem'), aggregateType: 'agendaitem', initial: initialAgendaItemState, evolve: evolveWith(evolveAgendaItem),
    fields: (s) => (s.status === 'absent' ? {} : { status: s.status, startsAt: s.details.kind === 'event' ? s.details.startsAt : null }) });
  add({ name: 'rsvps', topic: topic('rsvp'), aggregateType: 'rsvp', initial: initialRsvpState, evolve: evolveWith(evolveRsvp),
    fields: (s, e) => ({ agendaItemId: pairOf(e.aggregateId)[0], userId: pairOf(e.aggregateId)[1], answer: s.answer }), indexes: [{ agendaItemId: 1, answer: 1 }] });
  return list;
};

/**
 * One row per (jam, person, idea): whether the person's vote for the idea stands, so a jam's
 * tallies are one `$match` + `$group` on flat fields counted by the server (`jam-votes`).
 */
function jamVoteRows(envelope: EventEnvelope): EventRow[] {
  const { jamId, userId, ideaId } = envelope.data as JamBallotIdeaVotedV2;
  return [{ _id: `${jamId}:${userId}:${ideaId}`, fields: { jamId, userId, ideaId, voted: envelope.type === 'feed.jamballot.idea-voted' } }];
}

/** The outcome as the jam shows it; the event's audience is the jam's, which the read model already has. */
function outcomesOf({ summary, selectedIdeaIds }: IdeaJamOutcomesPublishedV2): Record<string, unknown> {
  return { summary, selectedIdeaIds };
}

function refOf(data: ReactionAddedV2): Record<string, unknown> {
  return { targetType: data.targetType, targetId: data.targetId, postId: data.postId, userId: data.userId };
}

function responseFields(state: ReturnType<typeof initialResponseState>, envelope: EventEnvelope): Record<string, unknown> {
  const data = envelope.data as ResponseAcknowledgedV2;
  const at = envelope.occurredAt;
  return {
    postId: data.postId,
    userId: data.userId,
    acknowledgedRound: state.acknowledgedRound,
    registered: state.registered,
    vote: state.vote,
    ...(envelope.type === 'feed.response.acknowledged' ? { acknowledgedAt: at } : {}),
    ...(envelope.type === 'feed.response.registered' ? { registeredAt: at } : {}),
  };
}

function followFields(active: boolean, envelope: EventEnvelope): Record<string, unknown> {
  const { followerId, target } = envelope.data as FollowStartedV1;
  const key = target.kind === 'person' ? target.userId : target.kind === 'group' ? target.groupId : target.tag;
  return { followerId, target, targetKind: target.kind, targetKey: `${target.kind}:${key}`, active };
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
