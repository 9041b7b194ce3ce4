import { defineEvent, defineUpcaster, nullable, object, oneOfStrings, setOf, text, uuid, type EventContract } from '@plein/shared/contracts';
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
import { callToActionSchema, contentProperties, IDEA_STATUSES, type Attachment, type CallToAction, type IdeaStatus, type PostKind } from './content';
import { feedPostTopic } from './topics';

/** @deprecated v1 had no kind, call to action, hashtags, links or attachments; read as v2. */
export interface PostPublishedV1 {
  /** Usually the actor; differs when someone posts on behalf of another person. */
  authorId: string;
  audience: Audience;
  /** Plain text with markdown-lite markup; rendering is the reader's job. */
  body: string;
  /** User ids mentioned in the body. */
  mentions: string[];
}
/** @deprecated read as v2. */
export interface PostEditedV1 {
  body: string;
  mentions: string[];
}

/** The content of a post as the feed stored it: sanitised Markdown plus what was extracted from it. */
export interface PostContent {
  /** Articles always have one; other kinds may. */
  title?: string;
  /** Sanitised Markdown subset (docs/feed/markdown.md); resolved mentions are written `@[userId]`. */
  body: string;
  /** User ids mentioned in the body. */
  mentions: string[];
  /** Normalised (NFC, lower-case) hashtags in order of first appearance. */
  hashtags: string[];
  /** http(s) links in order of first appearance. */
  links: string[];
  attachments: Attachment[];
}

export interface PostPublishedV2 extends PostContent {
  /** Usually the actor; differs when someone posts on behalf of another person. */
  authorId: string;
  audience: Audience;
  kind: PostKind;
  callToAction: CallToAction;
  /** The idea jam an idea was submitted to (kind `idea` only); the jam's audience is the post's. */
  jamId?: string;
}
/** @deprecated read as v3 (the audience is UNKNOWN_AUDIENCE). */
export interface PostEditedV2 extends PostContent {
  /**
   * The meaning may have changed (not just typos or formatting). A material edit opens a new
   * acknowledgement round: earlier acknowledgements no longer count.
   */
  material: boolean;
}
/** The post's audience (it never changes), so consumers filter the new content without a lookup. */
export interface PostEditedV3 extends PostEditedV2 {
  audience: Audience;
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
export interface PostAnswerAcceptedV1 {
  /** The accepted answer: a top-level comment on this question. */
  commentId: string;
  answererId: string;
  /** The answer accepted before, now replaced; null the first time. */
  previousCommentId: string | null;
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface PostIdeaStatusChangedV1 {
  status: IdeaStatus;
  previousStatus: IdeaStatus;
  /** Explanation for the author; always present when declined. */
  note?: string;
}
/** The post's audience, so consumers filter the note without a lookup. */
export interface PostIdeaStatusChangedV2 extends PostIdeaStatusChangedV1 {
  audience: Audience;
}
export type PostCallToActionClosedV1 = Record<string, never>;

const base = { aggregateType: 'post', topic: feedPostTopic } as const;
const v1BodyAndMentions = { body: text(BODY_MAX), mentions: setOf(uuid(), MENTIONS_MAX) };
const { kind: kindSchema, ...contentSchema } = contentProperties;
const contentRequired = ['body', 'mentions', 'hashtags', 'links', 'attachments'];
const DECISION = '01964b1e-0000-7000-8000-000000000501';
const GRACE = '01964b1e-0000-7000-8000-000000000105';

export const postPublishedV1 = defineEvent<PostPublishedV1>({
  ...base,
  version: 1,
  deprecated: true,
  type: 'feed.post.published',
  description: 'A post was published to an audience. The audience never changes afterwards.',
  schema: object({ authorId: uuid(), audience: audienceSchema, ...v1BodyAndMentions }, ['authorId', 'audience', 'body', 'mentions']),
  example: {
    authorId: '01964b1e-0000-7000-8000-000000000101',
    audience: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' },
    body: 'Our new lab opens on Monday, thanks @Grace!',
    mentions: [GRACE],
  },
});

export const postPublishedV2 = defineEvent<PostPublishedV2>({
  ...base,
  version: 2,
  type: 'feed.post.published',
  description:
    'A post was published to an audience with a kind and a call to action. The audience, kind and call to action never change afterwards (the call to action can be closed).',
  schema: object(
    { authorId: uuid(), audience: audienceSchema, kind: kindSchema, ...contentSchema, callToAction: callToActionSchema, jamId: uuid() },
    ['authorId', 'audience', 'kind', ...contentRequired, 'callToAction'],
  ),
  example: {
    authorId: '01964b1e-0000-7000-8000-000000000101',
    audience: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' },
    kind: 'announcement',
    title: 'New lab opening',
    body: 'Our new lab opens on **Monday**, thanks @[01964b1e-0000-7000-8000-000000000105]! Details: https://intranet.example.org/lab #research',
    mentions: [GRACE],
    hashtags: ['research'],
    links: ['https://intranet.example.org/lab'],
    attachments: [{ id: '01964b1e-0000-7000-8000-000000000601', name: 'floor-plan.pdf', mediaType: 'application/pdf', size: 183_422 }],
    callToAction: { kind: 'acknowledge', dueAt: '2026-02-01T17:00:00.000Z' },
  },
});

export const postEditedV1 = defineEvent<PostEditedV1>({
  ...base,
  version: 1,
  deprecated: true,
  type: 'feed.post.edited',
  description: 'The author changed the text; body and mentions are the full new values.',
  schema: object(v1BodyAndMentions, ['body', 'mentions']),
  example: { body: 'Our new lab opens on Tuesday, thanks @Grace!', mentions: [GRACE] },
});

export const postEditedV2 = defineEvent<PostEditedV2>({
  ...base,
  version: 2,
  deprecated: true,
  type: 'feed.post.edited',
  description:
    'The author changed the content; every content field carries its full new value (a missing title means none). The previous values stay in the stream as edit history. material: a new acknowledgement round starts.',
  schema: object({ ...contentSchema, material: { type: 'boolean' } }, [...contentRequired, 'material']),
  example: {
    title: 'New lab opening',
    body: 'Our new lab opens on **Tuesday**, thanks @[01964b1e-0000-7000-8000-000000000105]! Details: https://intranet.example.org/lab #research',
    mentions: [GRACE],
    hashtags: ['research'],
    links: ['https://intranet.example.org/lab'],
    attachments: [],
    material: true,
  },
});

export const postDeletedV1 = defineEvent<PostDeletedV1>({
  ...base,
  version: 1,
  type: 'feed.post.deleted',
  description: 'The post is gone for good (with its comments and reactions). decisionId is set when moderation removed it.',
  schema: object({ by: removerSchema, decisionId: uuid() }, ['by']),
  example: { by: 'moderation', decisionId: DECISION },
});

export const postHiddenV1 = defineEvent<PostHiddenV1>({
  ...base,
  version: 1,
  type: 'feed.post.hidden',
  description: 'Moderation hid the post pending review; only its author and moderators still see it.',
  schema: object({ decisionId: uuid(), reasonCode: reasonCodeSchema }, ['decisionId', 'reasonCode']),
  example: { decisionId: DECISION, reasonCode: 'harassment' },
});

export const postRestoredV1 = defineEvent<PostRestoredV1>({
  ...base,
  version: 1,
  type: 'feed.post.restored',
  description: 'Moderation restored a hidden post to its audience.',
  schema: object({ decisionId: uuid() }, ['decisionId']),
  example: { decisionId: '01964b1e-0000-7000-8000-000000000502' },
});

export const postAnswerAcceptedV1 = defineEvent<PostAnswerAcceptedV1>({
  ...base,
  version: 1,
  type: 'feed.post.answer-accepted',
  description: 'The author of a question accepted a top-level comment as the answer; the question is closed. Accepting another answer later replaces it.',
  schema: object({ commentId: uuid(), answererId: uuid(), previousCommentId: nullable(uuid()) }, ['commentId', 'answererId', 'previousCommentId']),
  example: { commentId: '01964b1e-0000-7000-8000-000000000411', answererId: GRACE, previousCommentId: null },
});

export const postIdeaStatusChangedV1 = defineEvent<PostIdeaStatusChangedV1>({
  ...base,
  version: 1,
  deprecated: true,
  type: 'feed.post.idea-status-changed',
  description: 'An idea moved through its status loop (proposed, under-review, planned, done; or declined with a note to the author).',
  schema: object({ status: oneOfStrings(IDEA_STATUSES), previousStatus: oneOfStrings(IDEA_STATUSES), note: text(2_000) }, ['status', 'previousStatus']),
  example: { status: 'declined', previousStatus: 'under-review', note: 'Covered by the new travel policy from March.' },
});

const postAudience = { schema: audienceSchema, example: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' } as Audience, fallback: () => UNKNOWN_AUDIENCE };

const editedV3 = nextVersionWithAudience(
  postEditedV2,
  postAudience,
  "The author changed the content; every content field carries its full new value (a missing title means none), with the post's audience. The previous values stay in the stream as edit history. material: a new acknowledgement round starts.",
);
export const postEditedV3: EventContract<PostEditedV3> = editedV3.contract;

const ideaStatusChangedV2 = nextVersionWithAudience(
  postIdeaStatusChangedV1,
  postAudience,
  "An idea moved through its status loop (proposed, under-review, planned, done; or declined with a note to the author), with the post's audience.",
);
export const postIdeaStatusChangedV2: EventContract<PostIdeaStatusChangedV2> = ideaStatusChangedV2.contract;

export const postCallToActionClosedV1 = defineEvent<PostCallToActionClosedV1>({
  ...base,
  version: 1,
  type: 'feed.post.call-to-action-closed',
  description: 'The author closed the call to action early: no more sign-ups, votes or acknowledgements (deadlines close it without an event).',
  schema: object({}),
  example: {},
});

export const postContracts = [
  postPublishedV1,
  postPublishedV2,
  postEditedV1,
  postEditedV2,
  postEditedV3,
  postDeletedV1,
  postHiddenV1,
  postRestoredV1,
  postAnswerAcceptedV1,
  postIdeaStatusChangedV1,
  postIdeaStatusChangedV2,
  postCallToActionClosedV1,
];

/**
 * v1 posts were plain updates that asked nothing of their readers; v1 edits predate
 * acknowledgements; edits and idea status changes written before they carried the post's audience
 * get UNKNOWN_AUDIENCE.
 */
export const postUpcasters = [
  defineUpcaster<PostPublishedV1, PostPublishedV2>({
    type: 'feed.post.published',
    fromVersion: 1,
    upcast: (d) => ({ ...d, kind: 'update', hashtags: [], links: [], attachments: [], callToAction: { kind: 'fyi' } }),
  }),
  defineUpcaster<PostEditedV1, PostEditedV2>({
    type: 'feed.post.edited',
    fromVersion: 1,
    upcast: (d) => ({ ...d, hashtags: [], links: [], attachments: [], material: false }),
  }),
  editedV3.upcaster,
  ideaStatusChangedV2.upcaster,
];
