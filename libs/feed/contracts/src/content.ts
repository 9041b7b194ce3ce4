import { dateTime, object, oneOfStrings, setOf, text, uuid, type JsonSchema } from '@plein/shared/contracts';
import { HASHTAG_MAX } from '@plein/shared/markdown';
import { MENTIONS_MAX } from './audience';

/**
 * What a post is made of besides its audience: kind, call to action, extracted hashtags and links,
 * attachment metadata. Shared by post publication and edit events (and the feed domain builds
 * exactly these shapes from the sanitised body).
 */
export const POST_KINDS = ['update', 'question', 'idea', 'personal', 'article', 'announcement'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/**
 * Body limits in Unicode code points of the sanitised Markdown, per kind. Articles (blogs, vlog
 * scripts) are long form; everything else is a feed post. The contract bound is the largest.
 */
export const BODY_LIMITS: Readonly<Record<PostKind, number>> = {
  update: 5_000,
  question: 5_000,
  idea: 5_000,
  personal: 5_000,
  announcement: 10_000,
  article: 40_000,
};
export const POST_BODY_MAX = 40_000;
export const TITLE_MAX = 200;
export const HASHTAGS_MAX = 30;
/** The Markdown parser's hashtag bound (@plein/shared/markdown) is the contract's. */
export { HASHTAG_MAX };
export const LINKS_MAX = 20;
export const LINK_MAX = 2_048;
export const ATTACHMENTS_MAX = 10;
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 10;

/** A normalised hashtag: NFC, lower-case, letters/marks/digits/underscore, at least one letter. */
export const HASHTAG_PATTERN = '^(?=[\\p{N}_]*[\\p{L}])[\\p{L}\\p{M}\\p{N}_]+$';
export const hashtagSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: HASHTAG_MAX, pattern: HASHTAG_PATTERN };
export const linkSchema: JsonSchema = { type: 'string', maxLength: LINK_MAX, pattern: '^https?://[^\\s]+$' };

/** Metadata only: the bytes live in the attachment store, addressed by id. */
export interface Attachment {
  id: string;
  name: string;
  /** IANA media type, lower-case (`image/png`, `video/mp4`). Images may be embedded in the body. */
  mediaType: string;
  /** Bytes. */
  size: number;
}
export const attachmentSchema: JsonSchema = object(
  {
    id: uuid(),
    name: text(255),
    mediaType: { type: 'string', maxLength: 127, pattern: '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$' },
    size: { type: 'integer', minimum: 0, maximum: 10 * 1024 ** 3 },
  },
  ['id', 'name', 'mediaType', 'size'],
);

export interface PollOption {
  /** Stable within the post: `1`..`10` in the order the author gave them. */
  id: string;
  label: string;
}

/**
 * What the author expects from readers; the feed shows progress toward it. Fixed at publication
 * (changing poll options after votes were cast would corrupt the result); the author may close it.
 */
export type CallToAction =
  | { kind: 'answer' }
  | { kind: 'share-ideas' }
  | { kind: 'sign-up'; capacity?: number; deadline?: string }
  | { kind: 'acknowledge'; dueAt?: string }
  | { kind: 'vote'; options: PollOption[]; maxChoices: number; closesAt?: string }
  | { kind: 'fyi' };
export type CallToActionKind = CallToAction['kind'];
export const CALL_TO_ACTION_KINDS = ['answer', 'share-ideas', 'sign-up', 'acknowledge', 'vote', 'fyi'] as const satisfies readonly CallToActionKind[];

const ctaKind = (kind: CallToActionKind): JsonSchema => ({ type: 'string', const: kind });
export const pollOptionIdSchema: JsonSchema = { type: 'string', pattern: '^(?:[1-9]|10)$' };
export const callToActionSchema: JsonSchema = {
  oneOf: [
    object({ kind: ctaKind('answer') }, ['kind']),
    object({ kind: ctaKind('share-ideas') }, ['kind']),
    object({ kind: ctaKind('sign-up'), capacity: { type: 'integer', minimum: 1, maximum: 1_000_000 }, deadline: dateTime() }, ['kind']),
    object({ kind: ctaKind('acknowledge'), dueAt: dateTime() }, ['kind']),
    object(
      {
        kind: ctaKind('vote'),
        options: {
          type: 'array',
          minItems: POLL_OPTIONS_MIN,
          maxItems: POLL_OPTIONS_MAX,
          items: object({ id: pollOptionIdSchema, label: text(200) }, ['id', 'label']),
        },
        maxChoices: { type: 'integer', minimum: 1, maximum: POLL_OPTIONS_MAX },
        closesAt: dateTime(),
      },
      ['kind', 'options', 'maxChoices'],
    ),
    object({ kind: ctaKind('fyi') }, ['kind']),
  ],
};

export const IDEA_STATUSES = ['proposed', 'under-review', 'planned', 'done', 'declined'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Post content fields shared by publication (v2) and edit (v2) events. */
export const contentProperties = {
  title: text(TITLE_MAX),
  // May be empty when the post has attachments (a vlog is a title and a video).
  body: text(POST_BODY_MAX, undefined, 0),
  mentions: setOf(uuid(), MENTIONS_MAX),
  hashtags: setOf(hashtagSchema, HASHTAGS_MAX),
  links: setOf(linkSchema, LINKS_MAX),
  attachments: { type: 'array', items: attachmentSchema, maxItems: ATTACHMENTS_MAX },
  kind: oneOfStrings(POST_KINDS),
} satisfies Record<string, JsonSchema>;
