import { defineEvent, object, setOf, text, uuid } from '@plein/shared/contracts';
import { audienceSchema, BODY_MAX, MENTIONS_MAX, reasonCodeSchema, removerSchema, type Audience, type Remover } from './audience';
import { feedPostTopic } from './topics';

export interface PostPublishedV1 {
  /** Usually the actor; differs when someone posts on behalf of another person. */
  authorId: string;
  audience: Audience;
  /** Plain text with markdown-lite markup; rendering is the reader's job. */
  body: string;
  /** User ids mentioned in the body. */
  mentions: string[];
}
export interface PostEditedV1 {
  body: string;
  mentions: string[];
}
export interface PostDeletedV1 {
  by: Remover;
  decisionId?: string;
}
export interface PostHiddenV1 {
  decisionId: string;
  reasonCode: string;
}
export interface PostRestoredV1 {
  decisionId: string;
}

const base = { aggregateType: 'post', topic: feedPostTopic, version: 1 } as const;
const bodyAndMentions = { body: text(BODY_MAX), mentions: setOf(uuid(), MENTIONS_MAX) };
const DECISION = '01964b1e-0000-7000-8000-000000000501';

export const postPublishedV1 = defineEvent<PostPublishedV1>({
  ...base,
  type: 'feed.post.published',
  description: 'A post was published to an audience. The audience never changes afterwards.',
  schema: object({ authorId: uuid(), audience: audienceSchema, ...bodyAndMentions }, ['authorId', 'audience', 'body', 'mentions']),
  example: {
    authorId: '01964b1e-0000-7000-8000-000000000101',
    audience: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' },
    body: 'Our new lab opens on Monday, thanks @Grace!',
    mentions: ['01964b1e-0000-7000-8000-000000000105'],
  },
});

export const postEditedV1 = defineEvent<PostEditedV1>({
  ...base,
  type: 'feed.post.edited',
  description: 'The author changed the text; body and mentions are the full new values.',
  schema: object(bodyAndMentions, ['body', 'mentions']),
  example: { body: 'Our new lab opens on Tuesday, thanks @Grace!', mentions: ['01964b1e-0000-7000-8000-000000000105'] },
});

export const postDeletedV1 = defineEvent<PostDeletedV1>({
  ...base,
  type: 'feed.post.deleted',
  description: 'The post is gone for good (with its comments and reactions). decisionId is set when moderation removed it.',
  schema: object({ by: removerSchema, decisionId: uuid() }, ['by']),
  example: { by: 'moderation', decisionId: DECISION },
});

export const postHiddenV1 = defineEvent<PostHiddenV1>({
  ...base,
  type: 'feed.post.hidden',
  description: 'Moderation hid the post pending review; only its author and moderators still see it.',
  schema: object({ decisionId: uuid(), reasonCode: reasonCodeSchema }, ['decisionId', 'reasonCode']),
  example: { decisionId: DECISION, reasonCode: 'harassment' },
});

export const postRestoredV1 = defineEvent<PostRestoredV1>({
  ...base,
  type: 'feed.post.restored',
  description: 'Moderation restored a hidden post to its audience.',
  schema: object({ decisionId: uuid() }, ['decisionId']),
  example: { decisionId: '01964b1e-0000-7000-8000-000000000502' },
});

export const postContracts = [postPublishedV1, postEditedV1, postDeletedV1, postHiddenV1, postRestoredV1];
