import { defineEvent, nullable, object, setOf, text, uuid, type EventContract } from '@plein/shared/contracts';
import {
  audienceSchema,
  BODY_MAX,
  MENTIONS_MAX,
  nextVersionWithAudience,
  reasonCodeSchema,
  removerSchema,
  UNKNOWN_AUDIENCE,
  type Audience,
  type Remover,
} from './audience';
import { feedCommentTopic } from './topics';

export interface CommentAddedV1 {
  postId: string;
  authorId: string;
  /** The comment replied to, or null for a top-level comment. */
  parentCommentId: string | null;
  /** Copy of the post's audience, so consumers enforce visibility without a post projection. */
  audience: Audience;
  body: string;
  mentions: string[];
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface CommentEditedV1 {
  postId: string;
  body: string;
  mentions: string[];
}
export interface CommentEditedV2 extends CommentEditedV1 {
  /** Copy of the post's audience, as on feed.comment.added. */
  audience: Audience;
}
export interface CommentDeletedV1 {
  postId: string;
  by: Remover;
  decisionId?: string;
}
export interface CommentHiddenV1 {
  postId: string;
  decisionId: string;
  reasonCode: string;
}
export interface CommentRestoredV1 {
  postId: string;
  decisionId: string;
}

const base = { aggregateType: 'comment', topic: feedCommentTopic, version: 1 } as const;
const bodyAndMentions = { body: text(BODY_MAX), mentions: setOf(uuid(), MENTIONS_MAX) };
const POST = '01964b1e-0000-7000-8000-000000000401';
const DECISION = '01964b1e-0000-7000-8000-000000000503';

export const commentAddedV1 = defineEvent<CommentAddedV1>({
  ...base,
  type: 'feed.comment.added',
  description: 'A comment was added to a post.',
  schema: object(
    { postId: uuid(), authorId: uuid(), parentCommentId: nullable(uuid()), audience: audienceSchema, ...bodyAndMentions },
    ['postId', 'authorId', 'parentCommentId', 'audience', 'body', 'mentions'],
  ),
  example: {
    postId: POST,
    authorId: '01964b1e-0000-7000-8000-000000000105',
    parentCommentId: null,
    audience: { kind: 'organisation' },
    body: 'Congratulations!',
    mentions: [],
  },
});

export const commentEditedV1 = defineEvent<CommentEditedV1>({
  ...base,
  deprecated: true,
  type: 'feed.comment.edited',
  description: 'The author changed the comment; body and mentions are the full new values.',
  schema: object({ postId: uuid(), ...bodyAndMentions }, ['postId', 'body', 'mentions']),
  example: { postId: POST, body: 'Congratulations, well deserved!', mentions: [] },
});

const editedV2 = nextVersionWithAudience(
  commentEditedV1,
  { schema: audienceSchema, example: { kind: 'organisation' } as Audience, fallback: () => UNKNOWN_AUDIENCE },
  "The author changed the comment; body and mentions are the full new values, with the post's audience.",
);
export const commentEditedV2: EventContract<CommentEditedV2> = editedV2.contract;

export const commentDeletedV1 = defineEvent<CommentDeletedV1>({
  ...base,
  type: 'feed.comment.deleted',
  description: 'The comment is gone for good. decisionId is set when moderation removed it.',
  schema: object({ postId: uuid(), by: removerSchema, decisionId: uuid() }, ['postId', 'by']),
  example: { postId: POST, by: 'author' },
});

export const commentHiddenV1 = defineEvent<CommentHiddenV1>({
  ...base,
  type: 'feed.comment.hidden',
  description: 'Moderation hid the comment pending review.',
  schema: object({ postId: uuid(), decisionId: uuid(), reasonCode: reasonCodeSchema }, ['postId', 'decisionId', 'reasonCode']),
  example: { postId: POST, decisionId: DECISION, reasonCode: 'spam' },
});

export const commentRestoredV1 = defineEvent<CommentRestoredV1>({
  ...base,
  type: 'feed.comment.restored',
  description: 'Moderation restored a hidden comment.',
  schema: object({ postId: uuid(), decisionId: uuid() }, ['postId', 'decisionId']),
  example: { postId: POST, decisionId: DECISION },
});

export const commentContracts = [commentAddedV1, commentEditedV1, commentEditedV2, commentDeletedV1, commentHiddenV1, commentRestoredV1];
/** Edits written before they carried the post's audience get UNKNOWN_AUDIENCE. */
export const commentUpcasters = [editedV2.upcaster];
