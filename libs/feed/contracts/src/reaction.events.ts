import { defineEvent, object, oneOfStrings, uuid } from '@plein/shared/contracts';
import { audienceSchema, type Audience } from './audience';
import { feedReactionTopic } from './topics';

export const REACTION_KINDS = ['like', 'celebrate', 'support', 'insightful', 'curious'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

interface ReactionTarget {
  targetType: 'post' | 'comment';
  targetId: string;
  /** The post itself, or the post the comment belongs to (for counters and visibility). */
  postId: string;
  userId: string;
  /**
   * Copy of the post's audience (for a comment: its post's), so consumers enforce visibility
   * without a post projection. Optional: events written before it was added have none.
   */
  audience?: Audience;
}
export interface ReactionAddedV1 extends ReactionTarget {
  kind: ReactionKind;
}
export type ReactionRemovedV1 = ReactionTarget;

const target = { targetType: oneOfStrings(['post', 'comment']), targetId: uuid(), postId: uuid(), userId: uuid(), audience: audienceSchema };
const targetRequired = ['targetType', 'targetId', 'postId', 'userId'];
const base = { aggregateType: 'reaction', topic: feedReactionTopic, version: 1 } as const;
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

export const reactionContracts = [reactionAddedV1, reactionRemovedV1];
