import { defineTopic, topicName } from '@plein/shared/contracts';

const ID = '01964b1e-0000-7000-8000-0000000004';

/**
 * One topic per aggregate type (ARCHITECTURE.md "Kafka"). Comments, reactions and group memberships
 * are their own small aggregates (bounded streams), so each has its own topic keyed by its own id.
 */
export const feedPostTopic = defineTopic({
  name: topicName('feed', 'post', 1),
  aggregateType: 'post',
  description: 'Posts: publication, edits, deletion and moderation state. Every event carries what a consumer needs to enforce visibility.',
  key: { description: 'postId (UUIDv7).', example: `${ID}01` },
});

export const feedCommentTopic = defineTopic({
  name: topicName('feed', 'comment', 1),
  aggregateType: 'comment',
  description: 'Comments on posts (one level of replies via parentCommentId).',
  key: { description: 'commentId (UUIDv7).', example: `${ID}11` },
});

export const feedReactionTopic = defineTopic({
  name: topicName('feed', 'reaction', 1),
  aggregateType: 'reaction',
  description: 'Reactions of one person to one post or comment (at most one per person and target).',
  key: { description: '`<targetId>:<userId>`: one reaction aggregate per person and target.', example: `${ID}01:01964b1e-0000-7000-8000-000000000101` },
});

export const feedGroupTopic = defineTopic({
  name: topicName('feed', 'group', 1),
  aggregateType: 'group',
  description: 'Community groups of the feed (not the directory groups of identity).',
  key: { description: 'groupId (UUIDv7).', example: `${ID}21` },
});

export const feedMemberTopic = defineTopic({
  name: topicName('feed', 'member', 1),
  aggregateType: 'member',
  description: 'Membership of one person in one community group.',
  key: { description: '`<groupId>:<userId>`: one membership aggregate per person and group.', example: `${ID}21:01964b1e-0000-7000-8000-000000000101` },
});
