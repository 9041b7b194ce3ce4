import { defineEvent, object, uuid, type JsonSchema } from '@plein/shared/contracts';
import { hashtagSchema } from './content';
import { feedFollowTopic } from './topics';

export type FollowTarget = { kind: 'person'; userId: string } | { kind: 'group'; groupId: string } | { kind: 'hashtag'; tag: string };
export const FOLLOW_TARGET_KINDS = ['person', 'group', 'hashtag'] as const;

const kind = (k: string): JsonSchema => ({ type: 'string', const: k });
export const followTargetSchema: JsonSchema = {
  oneOf: [
    object({ kind: kind('person'), userId: uuid() }, ['kind', 'userId']),
    object({ kind: kind('group'), groupId: uuid() }, ['kind', 'groupId']),
    object({ kind: kind('hashtag'), tag: hashtagSchema }, ['kind', 'tag']),
  ],
};

export interface FollowStartedV1 {
  followerId: string;
  target: FollowTarget;
}
export type FollowStoppedV1 = FollowStartedV1;

const base = { aggregateType: 'follow', topic: feedFollowTopic, version: 1 } as const;
const schema = object({ followerId: uuid(), target: followTargetSchema }, ['followerId', 'target']);

export const followStartedV1 = defineEvent<FollowStartedV1>({
  ...base,
  type: 'feed.follow.started',
  description: "A person started following a person, group or hashtag; their posts reach the follower's home timeline.",
  schema,
  example: { followerId: '01964b1e-0000-7000-8000-000000000101', target: { kind: 'hashtag', tag: 'research' } },
});

export const followStoppedV1 = defineEvent<FollowStoppedV1>({
  ...base,
  type: 'feed.follow.stopped',
  description: 'A person stopped following (posts already in their timeline stay; followers-only posts of that author become invisible).',
  schema,
  example: { followerId: '01964b1e-0000-7000-8000-000000000101', target: { kind: 'person', userId: '01964b1e-0000-7000-8000-000000000105' } },
});

export const followContracts = [followStartedV1, followStoppedV1];
