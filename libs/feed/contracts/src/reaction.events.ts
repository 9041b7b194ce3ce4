import { defineEvent, object, oneOfStrings, uuid, type EventContract } from '@plein/shared/contracts';
import { audienceSchema, nextVersionWithAudience, UNKNOWN_AUDIENCE, type Audience } from './audience';
import { feedReactionTopic } from './topics';

export const REACTION_KINDS = ['like', 'celebrate', 'support', 'insightful', 'curious'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

interface ReactionTarget {
  targetType: 'post' | 'comment';
  targetId: string;
  /** The post itself, or the post the comment belongs to (for counters and visibility). */
  postId: string;
  userId: string;
  /** Optional in v1: events written before it was added have none. */
  audience?: Audience;
}
/** @deprecated read as v2 (without an audience: UNKNOWN_AUDIENCE). */
export interface ReactionAddedV1 extends ReactionTarget {
  kind: ReactionKind;
}
/** @deprecated read as v2 (without an audience: UNKNOWN_AUDIENCE). */
export type ReactionRemovedV1 = ReactionTarget;
/**
 * `audience`: copy of the post's audience (for a comment: its post's), so consumers enforce
 * visibility without a post projection.
 */
export interface ReactionAddedV2 extends ReactionAddedV1 {
  audience: Audience;
}
export interface ReactionRemovedV2 extends ReactionTarget {
  audience: Audience;
}

const target = { targetType: oneOfStrings(['post', 'comment']), targetId: uuid(), postId: uuid(), userId: uuid(), audience: audienceSchema };
const targetRequired = ['targetType', 'targetId', 'postId', 'userId'];
const base = { aggregateType: 'reaction', topic: feedReactionTopic, version: 1, deprecated: true } as const;
const example = {
  targetType: 'post',
  targetId: '01964b1e-0000-7000-8000-000000000401',
  postId: '01964b1e-0000-7000-8000-000000000401',
  userId: '01964b1e-0000-7000-8000-000000000101',
  audience: { kind: 'organisation' },
} as const;

export const reactionAddedV1 = defineEvent<ReactionAddedV1>({
  ...base,
  type: 'feed.reaction.added',
  description: 'A person reacted to a post or comment. Changing the kind is a removal followed by an addition.',
  schema: object({ ...target, kind: oneOfStrings(REACTION_KINDS) }, [...targetRequired, 'kind']),
  example: { ...example, kind: 'celebrate' },
});

export const reactionRemovedV1 = defineEvent<ReactionRemovedV1>({
  ...base,
  type: 'feed.reaction.removed',
  description: 'A person withdrew their reaction.',
  schema: object(target, targetRequired),
  example,
});

const reactionAudience = { schema: audienceSchema, example: { kind: 'organisation' } as Audience, fallback: () => UNKNOWN_AUDIENCE };
const addedV2 = nextVersionWithAudience(
  reactionAddedV1,
  reactionAudience,
  "A person reacted to a post or comment (with the post's audience). Changing the kind is a removal followed by an addition.",
);
const removedV2 = nextVersionWithAudience(reactionRemovedV1, reactionAudience, "A person withdrew their reaction (with the post's audience).");
export const reactionAddedV2: EventContract<ReactionAddedV2> = addedV2.contract;
export const reactionRemovedV2: EventContract<ReactionRemovedV2> = removedV2.contract;

export const reactionContracts = [reactionAddedV1, reactionAddedV2, reactionRemovedV1, reactionRemovedV2];
/** v1 reactions keep the audience they carried; those written before it existed get UNKNOWN_AUDIENCE. */
export const reactionUpcasters = [addedV2.upcaster, removedV2.upcaster];
