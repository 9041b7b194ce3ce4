import { defineEvent, defineTopic, object, oneOfStrings, text, topicName, uuid } from '@plein/shared/contracts';

/**
 * Moderation decisions on feed content. The aggregate is the decision log of ONE piece of content,
 * so hide -> restore -> remove of the same post stay in order on one partition.
 */
export const moderationDecisionTopic = defineTopic({
  name: topicName('moderation', 'decision', 1),
  aggregateType: 'decision',
  description: 'Decisions moderators take on reported content. The feed consumes them to hide, restore or remove content.',
  key: {
    description: '`<contentType>:<contentId>`: the decision log of one post or comment.',
    example: 'post:01964b1e-0000-7000-8000-000000000401',
  },
});

/** `rule`: a compose-time rule with the flag action matched (the system reports it; people cannot choose it). */
export const MODERATION_REASONS = ['spam', 'harassment', 'hate', 'violence', 'sexual-content', 'misinformation', 'confidential', 'off-topic', 'other', 'rule'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];
export type ModeratedContentType = 'post' | 'comment';

export interface ContentDecisionV1 {
  /** Id of this decision (UUIDv7); the feed records it on the content it changes. */
  decisionId: string;
  contentType: ModeratedContentType;
  contentId: string;
  /** The post itself, or the post the comment belongs to. */
  postId: string;
  /** Author of the content (notifications tell them why). */
  authorId: string;
  reasonCode: ModerationReason;
  /** Moderator's explanation shown to the author; optional. */
  note?: string;
}
export type ContentHiddenV1 = ContentDecisionV1;
export type ContentRestoredV1 = ContentDecisionV1;
export type ContentRemovedV1 = ContentDecisionV1;

const schema = object(
  {
    decisionId: uuid(),
    contentType: oneOfStrings(['post', 'comment']),
    contentId: uuid(),
    postId: uuid(),
    authorId: uuid(),
    reasonCode: oneOfStrings(MODERATION_REASONS),
    note: text(1000),
  },
  ['decisionId', 'contentType', 'contentId', 'postId', 'authorId', 'reasonCode'],
);
const base = { aggregateType: 'decision', topic: moderationDecisionTopic, version: 1, schema } as const;
const example: ContentDecisionV1 = {
  decisionId: '01964b1e-0000-7000-8000-000000000501',
  contentType: 'post',
  contentId: '01964b1e-0000-7000-8000-000000000401',
  postId: '01964b1e-0000-7000-8000-000000000401',
  authorId: '01964b1e-0000-7000-8000-000000000101',
  reasonCode: 'harassment',
  note: 'Personal attacks are not allowed; see the community guidelines.',
};

export const contentHiddenV1 = defineEvent<ContentHiddenV1>({
  ...base,
  type: 'moderation.decision.content-hidden',
  description: 'Hide the content from its audience pending review (author and moderators still see it).',
  example,
});

export const contentRestoredV1 = defineEvent<ContentRestoredV1>({
  ...base,
  type: 'moderation.decision.content-restored',
  description: 'Show hidden content to its audience again (reasonCode: the reason it had been hidden for).',
  example: { ...example, decisionId: '01964b1e-0000-7000-8000-000000000502', note: 'Reviewed: within the guidelines.' },
});

export const contentRemovedV1 = defineEvent<ContentRemovedV1>({
  ...base,
  type: 'moderation.decision.content-removed',
  description: 'Delete the content for good.',
  example: { ...example, decisionId: '01964b1e-0000-7000-8000-000000000504' },
});

export const decisionContracts = [contentHiddenV1, contentRestoredV1, contentRemovedV1];
